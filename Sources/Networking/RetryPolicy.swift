import Foundation

/// When and how long to wait before retrying a failed HTTP attempt.
///
/// Exponential backoff with full jitter (AWS "Exponential Backoff and Jitter"): before retry `n`
/// (1-based) the wait is uniform in `0 ... min(maxDelay, baseDelay · 2^(n-1))`. A `Retry-After`
/// header (seconds or HTTP-date; also `retry-after-ms`) replaces the computed wait, unless it is
/// longer than `maxRetryAfter`, in which case the request fails at once rather than retrying early.
/// Retried: 429, 5xx, timeouts, failed or broken connections and (by default) undecodable 2xx bodies.
/// Not retried: other 4xx and oversized bodies.
public struct RetryPolicy: Sendable, Equatable {
    /// How the computed backoff is randomised.
    public enum Jitter: Sendable, Equatable {
        /// Wait exactly the exponential backoff.
        case none
        /// Wait a uniform random fraction of it ("full jitter").
        case full
    }

    /// Attempts in total, the first included (1 disables retries).
    public var maxAttempts: Int
    /// The backoff before the first retry (before jitter).
    public var baseDelay: Duration
    /// The largest computed backoff.
    public var maxDelay: Duration
    /// How the backoff is randomised.
    public var jitter: Jitter
    /// The longest `Retry-After` honoured; a longer one ends the retries.
    public var maxRetryAfter: Duration
    /// Whether a 2xx response whose body does not decode is retried.
    public var retriesInvalidBody: Bool

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - maxAttempts: Attempts in total (at least 1).
    ///   - baseDelay: The first backoff (default 0.5 s).
    ///   - maxDelay: The cap on computed backoffs (default 30 s).
    ///   - jitter: `.full` (default) or `.none`.
    ///   - maxRetryAfter: The longest `Retry-After` to wait for (default 120 s).
    ///   - retriesInvalidBody: Whether undecodable 2xx bodies are retried (default true).
    public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30), jitter: Jitter = .full, maxRetryAfter: Duration = .seconds(120), retriesInvalidBody: Bool = true) {
        precondition(maxAttempts >= 1, "maxAttempts must be at least 1")
        precondition(baseDelay >= .zero && maxDelay >= .zero, "delays must not be negative")
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.maxRetryAfter = maxRetryAfter
        self.retriesInvalidBody = retriesInvalidBody
    }

    /// Four attempts, 0.5 s base, 30 s cap, full jitter.
    public static let standard = RetryPolicy()

    /// A single attempt: no retries.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The backoff before retry number `retry` (1-based), without `Retry-After`.
    ///
    /// - Parameters:
    ///   - retry: 1 for the wait after the first failed attempt, 2 after the second, …
    ///   - random: A uniform sample in `0..<1`, used for full jitter.
    /// - Returns: The wait.
    public func backoff(beforeRetry retry: Int, random: Double) -> Duration {
        let exponent = Double(max(0, min(retry - 1, 62)))
        let ceiling = min(maxDelay / .seconds(1), baseDelay / .seconds(1) * pow(2, exponent))
        let seconds = jitter == .full ? ceiling * min(max(random, 0), 1) : ceiling
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }

    /// Whether a fault of `kind` is retried by this policy.
    ///
    /// - Parameter kind: The fault.
    /// - Returns: True when another attempt may help.
    public func retries(_ kind: FaultKind) -> Bool {
        kind == .invalidBody ? retriesInvalidBody : kind.isRetryable
    }

    /// The wait a response asks for through `retry-after-ms` or `Retry-After` (delta-seconds or HTTP-date).
    ///
    /// - Parameters:
    ///   - response: The response (usually 429 or 503).
    ///   - now: The current time, to turn an HTTP-date into a duration.
    /// - Returns: The requested wait (never negative), or nil when absent or unreadable.
    public static func retryAfter(in response: HTTPResponse, now: Date) -> Duration? {
        if let millis = response.header("retry-after-ms").flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), millis.isFinite, millis >= 0 {
            return .nanoseconds(Int64(millis * 1e6))
        }
        guard let value = response.header("retry-after") else { return nil }
        return parseRetryAfter(value, now: now)
    }

    /// Parses a `Retry-After` value: non-negative delta-seconds, or an HTTP-date (IMF-fixdate,
    /// RFC 850 or asctime form) turned into the time left until it (zero when in the past).
    ///
    /// - Parameters:
    ///   - value: The header value.
    ///   - now: The current time.
    /// - Returns: The wait, or nil when the value is neither form.
    public static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds.isFinite {
            return seconds >= 0 ? .nanoseconds(Int64(min(seconds, 1e9) * 1e9)) : nil
        }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) {
                let seconds = max(0, date.timeIntervalSince(now))
                return .nanoseconds(Int64(seconds * 1e9))
            }
        }
        return nil
    }
}
