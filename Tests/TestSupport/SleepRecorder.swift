import Foundation
import Networking
import Synchronization

/// A ``SleepClock`` for tests: records every requested sleep and returns at once.
///
/// ```swift
/// let sleeps = SleepRecorder()
/// _ = try await policy.perform(request, over: transport, clock: sleeps.clock) { $0.body }
/// #expect(sleeps.durations == [.seconds(2)])
/// ```
public final class SleepRecorder: Sendable {
    private let recorded = Mutex<[Duration]>([])
    private let fixedNow: Date

    /// Creates a recorder whose clock reports `now` as the current time.
    ///
    /// - Parameter now: The wall-clock time the clock reports (for `Retry-After` dates).
    public init(now: Date = Date(timeIntervalSince1970: 1_700_000_000)) { fixedNow = now }

    /// The durations slept so far, in order.
    public var durations: [Duration] { recorded.withLock { $0 } }

    /// The clock: `now` is fixed; `sleep` records and returns (throws when the task is cancelled).
    public var clock: SleepClock {
        let fixedNow = self.fixedNow
        return SleepClock(now: { fixedNow }, sleep: { [self] duration in
            try Task.checkCancellation()
            recorded.withLock { $0.append(duration) }
        })
    }
}
