import Foundation
import KeHoachCore
import KeHoachImport
import KeHoachStore

/// Why an import was refused: a document that cannot be read, or a plan to replace that is not the province's.
public struct ImportRefusal: Error, Sendable {
    /// The form field at fault, when one is.
    public var field: String? = nil
    public var message: String
}

/// Importing a plan document in steps, as a coordinator does it: the document is read and kept aside (pending), its
/// doubtful rows are corrected and kept with it, then it is confirmed (stored as a plan, or as a new version of one)
/// or cancelled. The web's import pages call these; the rules of a correction are Core's `TaskCorrections`.
extension KeHoachApp {
    /// Reads the document now (one that cannot be read is refused before anything is kept) and keeps it aside for
    /// `user`. `replacing` must be a plan of the same province.
    public func stageImport(file: String, data: Data, province: Province.ID, replacing: StoredPlan.ID?, user: User.ID) async throws
        -> (pending: PendingImport, document: PlanDocument) {
        if let replacing {
            guard let plan = try await store.plan(replacing), plan.provinceID == province else {
                throw ImportRefusal(field: "replacing", message: "Kế hoạch được thay thế không thuộc tỉnh đã chọn.")
            }
        }
        let document: PlanDocument
        do { document = try PlanImporter.importPlan(data: data, fileName: file) } catch { throw ImportRefusal(message: error.message) }
        let id = try await store.savePending(file: file, bytes: data, province: province, replacing: replacing, user: user)
        guard let pending = try await store.pending(id) else { throw ImportRefusal(message: "Không tìm thấy văn bản đang chờ.") }
        return (pending, document)
    }

    /// The plans already stored from the very same document (same SHA-256), other than the one it would replace:
    /// importing it again as a new plan is almost always a mistake, so the preview asks first.
    public func plansFromSameDocument(_ pending: PendingImport) async throws -> [StoredPlan] {
        let sha = SHA256Digest.hex(pending.bytes)
        return try await store.plans(in: nil).filter { $0.sourceSHA256 == sha && $0.id != pending.replacing }
    }

    /// What confirming would change in the plan the upload replaces (nothing for a new plan).
    public func changes(_ pending: PendingImport, document: PlanDocument) async throws -> [PlanChange] {
        guard let plan = pending.replacing else { return [] }
        let tasks = try await store.tasks(of: plan, filter: TaskFilter()).map(\.task)
        let indicators = try await store.indicators(of: plan).map(\.indicator)
        return PlanComparison.changes(from: (indicators, tasks), to: document)
    }

    /// The pending plan as read, with the corrections kept so far; what they changed.
    public func correctedPlan(_ pending: PendingImport) throws(ImportError) -> (document: PlanDocument, applied: [PlanCorrection]) {
        var document = try PlanImporter.importPlan(data: pending.bytes, fileName: pending.file)
        let applied = TaskCorrections.apply(pending.corrections, to: &document)
        return (document, applied)
    }

    /// What a preview's typed rows would change against the plan as corrected so far. `rows`: for each row index, the
    /// task's code and the fields as typed. A row whose code names no task of the plan is `unknown` (another
    /// preview's form, or a forged one); a value a field does not take is a problem, and nothing is kept then.
    public static func typedCorrections(_ rows: [Int: (code: String, fields: [TaskField: String])], plan: PlanDocument) -> TypedCorrections {
        var typed = TypedCorrections()
        let byCode = Dictionary(plan.tasks.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        for (index, row) in rows {
            guard let task = byCode[row.code] else { typed.unknown.append("code.\(index)=\(row.code)"); continue }
            for (field, raw) in row.fields {
                typed.values[index, default: [:]][field] = raw
                // Unchanged (as it will be stored) is not a correction, even when the read value is one we flag.
                if TaskCorrections.value(task, field) == TextFolding.collapseSpaces(raw) { continue }
                if let problem = TaskCorrections.problem(field, raw) {
                    typed.problems[index, default: [:]][field] = problem
                    continue
                }
                var probe = plan
                probe.tasks = [task]
                if TaskCorrections.apply([row.code: [field.rawValue: raw]], to: &probe).isEmpty { continue }
                typed.changes[row.code, default: [:]][field.rawValue] = raw
            }
        }
        return typed
    }

    /// Keeps the typed corrections with the pending import (audited); returns what they changed. `read`: the plan as
    /// corrected so far when the caller has it already (reading a long document again costs tens of milliseconds).
    public func keepCorrections(_ typed: TypedCorrections, of pending: PendingImport, read: PlanDocument? = nil, by actor: Actor) async throws -> [PlanCorrection] {
        var probe: PlanDocument
        if let read { probe = read } else {
            do { probe = try correctedPlan(pending).document } catch { throw ImportRefusal(message: error.message) }
        }
        let changed = TaskCorrections.apply(typed.changes, to: &probe)
        if !changed.isEmpty { try await store.savePendingCorrections(pending.id, typed.merged(into: pending.corrections), changed: changed, by: actor) }
        return changed
    }

    /// Stores the pending plan with every correction (those kept and `typed`), then forgets the pending document.
    public func confirmImport(_ pending: PendingImport, typed: TypedCorrections, by actor: Actor) async throws
        -> (result: LoadResult, document: PlanDocument, applied: [PlanCorrection]) {
        var pending = pending
        pending.corrections = typed.merged(into: pending.corrections)
        let document: PlanDocument, applied: [PlanCorrection]
        do { (document, applied) = try correctedPlan(pending) } catch { throw ImportRefusal(message: error.message) }
        let result = try await store.loadPlan(document, source: pending.bytes, into: pending.provinceID, replacing: pending.replacing,
                                              corrections: applied, by: actor)
        try await store.deletePending(pending.id, by: actor, confirmed: true)
        return (result, document, applied)
    }
}

/// A preview's typed rows read against the plan (see `KeHoachApp.typedCorrections`).
public struct TypedCorrections: Sendable {
    /// task code → field → value (only values that change something).
    public var changes: [String: [String: String]] = [:]
    /// row index → field → message.
    public var problems: [Int: [TaskField: String]] = [:]
    /// row index → field → value as typed (shown again when something was refused).
    public var values: [Int: [TaskField: String]] = [:]
    /// Rows that name no task of the plan.
    public var unknown: [String] = []

    public init() {}

    /// The corrections kept so far with these on top.
    public func merged(into kept: [String: [String: String]]) -> [String: [String: String]] {
        var all = kept
        for (code, fields) in changes { all[code, default: [:]].merge(fields) { _, new in new } }
        return all
    }
}
