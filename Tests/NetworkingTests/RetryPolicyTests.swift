import Foundation
import Networking
import Testing

@Suite("RetryPolicy: backoff and Retry-After")
struct RetryPolicyTests {
    @Test("backoff doubles from baseDelay and is capped by maxDelay")
    func exponentialBackoff() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .milliseconds(500), jitter: .none)
        let waits = (1 ... 5).map { policy.backoff(beforeRetry: $0, random: 0.3) }
        #expect(waits == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(500), .milliseconds(500)])
    }

    @Test("full jitter scales the backoff by the random sample")
    func fullJitter() {
        let policy = RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(8), jitter: .full)
        #expect(policy.backoff(beforeRetry: 3, random: 0.25) == .seconds(1))
        #expect(policy.backoff(beforeRetry: 3, random: 0) == .zero)
        #expect(policy.backoff(beforeRetry: 10, random: 0.5) == .seconds(4))
    }

    @Test("Retry-After in delta-seconds")
    func retryAfterSeconds() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryPolicy.parseRetryAfter("7", now: now) == .seconds(7))
        #expect(RetryPolicy.parseRetryAfter(" 0 ", now: now) == .zero)
        #expect(RetryPolicy.parseRetryAfter("-3", now: now) == nil)
        #expect(RetryPolicy.parseRetryAfter("soon", now: now) == nil)
    }

    @Test("Retry-After as an HTTP-date (IMF-fixdate, RFC 850, asctime); past dates mean no wait")
    func retryAfterDate() {
        // 1994-11-06 08:49:37 GMT
        let now = Date(timeIntervalSince1970: 784_111_777 - 30)
        #expect(RetryPolicy.parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == .seconds(30))
        #expect(RetryPolicy.parseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now: now) == .seconds(30))
        #expect(RetryPolicy.parseRetryAfter("Sun Nov  6 08:49:37 1994", now: now) == .seconds(30))
        #expect(RetryPolicy.parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: now.addingTimeInterval(3600)) == .zero)
    }

    @Test("retry-after-ms wins over Retry-After; header names are case-insensitive")
    func retryAfterMilliseconds() {
        let now = Date()
        let both = HTTPResponse(status: 429, headers: ["Retry-After-Ms": "250", "Retry-After": "9"])
        #expect(RetryPolicy.retryAfter(in: both, now: now) == .milliseconds(250))
        let plain = HTTPResponse(status: 429, headers: ["RETRY-AFTER": "3"])
        #expect(RetryPolicy.retryAfter(in: plain, now: now) == .seconds(3))
        #expect(RetryPolicy.retryAfter(in: HTTPResponse(status: 429), now: now) == nil)
    }

    @Test("which faults are retried")
    func retryableKinds() {
        let policy = RetryPolicy.standard
        #expect(policy.retries(.rateLimited) && policy.retries(.serverError) && policy.retries(.timeout) && policy.retries(.connection))
        #expect(!policy.retries(.clientError) && !policy.retries(.tooLarge))
        #expect(policy.retries(.invalidBody))
        #expect(!RetryPolicy(retriesInvalidBody: false).retries(.invalidBody))
        #expect(FaultKind.forStatus(429) == .rateLimited && FaultKind.forStatus(502) == .serverError && FaultKind.forStatus(404) == .clientError)
    }
}
