import Foundation

/// The time dependency of retries: the wall clock (for `Retry-After` dates) and sleeping.
///
/// A struct of closures (the swift-dependencies shape): ``live`` really sleeps; tests pass a value
/// that records the requested durations and returns at once.
///
/// ```swift
/// let clock = SleepClock(now: { Date() }, sleep: { duration in recorder.append(duration) })
/// ```
public struct SleepClock: Sendable {
    /// The current wall-clock time.
    public var now: @Sendable () -> Date
    /// Suspends for the given duration; throws `CancellationError` when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void

    /// Creates a clock from its two closures.
    ///
    /// - Parameters:
    ///   - now: Returns the current wall-clock time.
    ///   - sleep: Suspends for a duration.
    public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// The real clock: `Date()` and `Task.sleep(for:)`.
    public static let live = SleepClock(now: { Date() }, sleep: { try await Task.sleep(for: $0) })

    /// A clock that never sleeps (returns at once); for tests that do not check durations.
    public static let immediate = SleepClock(now: { Date() }, sleep: { _ in try Task.checkCancellation() })
}
