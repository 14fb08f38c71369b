import Foundation
import KeHoachCore
import KeHoachStore

/// KeHoach's use cases over a store, between the store and its users (the web, the command line): evaluation with
/// its cache, report submission (the form and the workbook alike), the consolidated report. A controller reads its
/// request, calls one of these and renders; the rules themselves are in Core.
public struct KeHoachApp: Sendable {
    /// Every interface of the store the use cases read and write.
    public typealias AppStore = any Store & PendingImportStore & ReportStore & EvaluationStore & RollupStore & FollowUpStore & MailStore & ConnectStore

    public let store: AppStore
    public let clock: @Sendable () -> Date
    /// A value more than this many times the previous period's (or less than its inverse) asks for confirmation.
    public let outlierFactor: Double
    let evaluations = EvaluationCache()

    public init(store: AppStore,
                clock: @escaping @Sendable () -> Date = { Date() }, outlierFactor: Double = 3) {
        self.store = store
        self.clock = clock
        self.outlierFactor = max(1.1, outlierFactor)
    }

    /// Today in Vietnam (UTC+7): the day every status is judged on.
    public var today: CivilDate { CivilDate(vietnamDay: clock()) }
}
