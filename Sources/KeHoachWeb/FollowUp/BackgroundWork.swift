import Foundation
import KeHoachApp
import Logging
import ServiceLifecycle

/// The application's background work, a service of the server's service group (swift-service-lifecycle, as
/// Hummingbird runs): every `interval` it records the day's reminders (`KeHoachApp.remind`), and sends mail (`Mailer`). It stops with the
/// server (graceful shutdown cancels the wait). Several server processes may each run it: a reminder is recorded
/// once per person and event whoever records it first.
///
/// The clock is the application's (`KeHoachApp.clock`): tests step a clock through a month and call one round
/// (`runOnce`) per day, without waiting.
public struct BackgroundWork: Service {
    let app: KeHoachApp
    let interval: Duration
    let mailer: Mailer?
    let mailInterval: Duration
    let logger: Logger

    /// Reminders every `interval`; mail (when a relay is configured) every `mailInterval`, so that a returned report or
    /// an address to confirm is mailed within a minute.
    public init(app: KeHoachApp, interval: Duration, mailer: Mailer? = nil, mailInterval: Duration = .seconds(30), logger: Logger) {
        self.app = app; self.interval = interval; self.mailer = mailer; self.mailInterval = min(mailInterval, interval); self.logger = logger
    }

    /// One round of reminders; returns the notifications recorded.
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

    func mailOnce() async {
        guard let mailer else { return }
        do { try await mailer.round() } catch { logger.error("mail round failed: \(String(describing: error))") }
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            let clock = ContinuousClock()
            var lastReminders: ContinuousClock.Instant? = nil
            while !Task.isCancelled {
                if lastReminders.map({ clock.now - $0 >= interval }) ?? true {
                    lastReminders = clock.now
                    await runOnce()
                }
                await mailOnce()
                do { try await Task.sleep(for: mailer == nil ? interval : mailInterval) } catch { return }
            }
        }
    }
}
