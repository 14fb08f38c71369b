import Foundation
import KeHoachApp
import Logging
import ServiceLifecycle

/// The application's background work, a service of the server's service group (swift-service-lifecycle, as
/// Hummingbird runs): every `interval` it records the day's reminders (`KeHoachApp.remind`). It stops with the
/// server (graceful shutdown cancels the wait). Several server processes may each run it: a reminder is recorded
/// once per person and event whoever records it first.
///
/// The clock is the application's (`KeHoachApp.clock`): tests step a clock through a month and call one round
/// (`runOnce`) per day, without waiting.
public struct BackgroundWork: Service {
    let app: KeHoachApp
    let interval: Duration
    let logger: Logger

    public init(app: KeHoachApp, interval: Duration, logger: Logger) {
        self.app = app; self.interval = interval; self.logger = logger
    }

    /// One round; returns the notifications recorded.
    @discardableResult
    public func runOnce() async -> Int {
        do {
            let added = try await app.remind()
            if added > 0 { logger.info("reminders recorded", metadata: ["count": "\(added)"]) }
            return added
        } catch {
            // A round that fails (the database restarting) is tried again at the next one.
            logger.error("background round failed: \(String(describing: error))")
            return 0
        }
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await runOnce()
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
    }
}
