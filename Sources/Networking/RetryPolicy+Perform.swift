import Foundation

/// The value a retried request produced, with what it took to get it.
public struct RetryOutcome<Value: Sendable>: Sendable {
    /// The decoded value.
    public let value: Value
    /// The successful response.
    public let response: HTTPResponse
    /// Attempts made, the successful one included.
    public let attempts: Int
    /// Faults met on the failed attempts.
    public let faults: FaultCounts
    /// The waits slept between attempts, in order.
    public let waits: [Duration]
}

extension RetryPolicy {
    /// Sends `request` until a 2xx response decodes, a fault is not retryable, or attempts run out.
    ///
    /// Each failed attempt is classified (``FaultKind``) and counted. Between attempts the policy
    /// sleeps on `clock` for `Retry-After` or the jittered backoff.
    ///
    /// - Parameters:
    ///   - request: The request, sent unchanged on every attempt.
    ///   - transport: How to send it.
    ///   - clock: Time source and sleeper (``SleepClock/live`` by default).
    ///   - random: Uniform samples in `0..<1` for jitter.
    ///   - isFinal: Returns true for a non-2xx response that must not be retried even though its
    ///     status normally would be (for example a 500 that names an unsupported option).
    ///   - decode: Turns a 2xx response into the value; a thrown error counts as `invalidBody`.
    /// - Returns: The value with the attempt count, faults and waits.
    /// - Throws: ``NetworkError`` carrying the last fault, the attempt count and all faults;
    ///   `CancellationError` when the task is cancelled.
    public func perform<Value: Sendable>(
        _ request: HTTPRequest,
        over transport: HTTPTransport,
        clock: SleepClock = .live,
        random: @Sendable () -> Double = { Double.random(in: 0 ..< 1) },
        isFinal: @Sendable (HTTPResponse) -> Bool = { _ in false },
        decode: @Sendable (HTTPResponse) throws -> Value
    ) async throws -> RetryOutcome<Value> {
        var faults = FaultCounts()
        var waits: [Duration] = []
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            let failure: NetworkError
            let requestedWait: Duration?
            switch try await attemptOnce(request, over: transport, clock: clock, isFinal: isFinal, decode: decode) {
            case let .success(value, response):
                return RetryOutcome(value: value, response: response, attempts: attempt, faults: faults, waits: waits)
            case let .failure(error, retryAfter, final):
                faults.record(error.kind)
                if final { throw error.after(attempts: attempt, faults: faults) }
                failure = error
                requestedWait = retryAfter
            }
            guard retries(failure.kind), attempt < maxAttempts else {
                throw failure.after(attempts: attempt, faults: faults)
            }
            if let requestedWait, requestedWait > maxRetryAfter {
                throw NetworkError(kind: failure.kind, request: request, status: failure.status, detail: "\(failure.detail); the server asked to retry after \(requestedWait / .seconds(1)) s, longer than the policy's maxRetryAfter \(maxRetryAfter / .seconds(1)) s", bodyPreview: failure.bodyPreview, attempts: attempt, faults: faults)
            }
            let wait = requestedWait ?? backoff(beforeRetry: attempt, random: random())
            waits.append(wait)
            try await clock.sleep(wait)
        }
    }

    private enum Attempt<Value: Sendable> {
        case success(Value, HTTPResponse)
        case failure(NetworkError, retryAfter: Duration?, final: Bool)
    }

    /// One attempt, classified; only cancellation is thrown.
    private func attemptOnce<Value: Sendable>(
        _ request: HTTPRequest,
        over transport: HTTPTransport,
        clock: SleepClock,
        isFinal: @Sendable (HTTPResponse) -> Bool,
        decode: @Sendable (HTTPResponse) throws -> Value
    ) async throws -> Attempt<Value> {
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error as NetworkError {
            return .failure(error, retryAfter: nil, final: false)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return .failure(NetworkError(kind: .connection, request: request, detail: "transport error: \(error)"), retryAfter: nil, final: false)
        }
        guard response.isSuccess else {
            let kind = FaultKind.forStatus(response.status)
            let error = NetworkError(kind: kind, request: request, status: response.status, detail: "HTTP \(response.status)", bodyPreview: response.bodyPreview())
            return .failure(error, retryAfter: RetryPolicy.retryAfter(in: response, now: clock.now()), final: isFinal(response))
        }
        do {
            return .success(try decode(response), response)
        } catch {
            let failure = NetworkError(kind: .invalidBody, request: request, status: response.status, detail: "could not decode the response: \(error)", bodyPreview: response.bodyPreview())
            return .failure(failure, retryAfter: nil, final: false)
        }
    }
}
