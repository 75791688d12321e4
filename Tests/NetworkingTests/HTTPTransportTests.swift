import Foundation
import Networking
import Testing
import TestSupport

/// Both real transports (URLSession, sockets) and the retry loop against the loopback server.
@Suite("HTTPTransport (URLSession and sockets) + RetryPolicy against LoopbackHTTPServer")
struct HTTPTransportTests {

    func request(_ server: LoopbackHTTPServer, path: String = "/echo", timeout: Duration = .seconds(10), headers: [String: String] = [:]) -> HTTPRequest {
        .postJSON(server.baseURL.appendingPathComponent(path), json: Data(#"{"q":1}"#.utf8), headers: headers, timeout: timeout)
    }

    @Test("method, path, headers and body reach the server; the response comes back whole", arguments: TransportUnderTest.allCases)
    func roundTrip(_ kind: TransportUnderTest) async throws {
        let transport = kind.make(maxResponseBytes: 1 << 20)
        try await LoopbackHTTPServer.withServer({ request in
            .json(#"{"echo":\#(request.bodyText)}"#, headers: ["X-Reply": "yes"])
        }) { server in
            let response = try await transport.send(request(server, headers: ["X-Trace": "abc"]))
            #expect(response.status == 200)
            #expect(response.header("x-reply") == "yes")
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"echo":{"q":1}}"#)
            let recorded = try #require(server.requests.first)
            #expect(recorded.method == "POST" && recorded.path == "/echo")
            #expect(recorded.header("X-Trace") == "abc")
            #expect(recorded.header("content-type") == "application/json")
            #expect(recorded.bodyText == #"{"q":1}"#)
        }
    }

    @Test("429 with Retry-After: waits exactly what the server asked, then succeeds", arguments: TransportUnderTest.allCases)
    func rateLimitedHonoursRetryAfter(_ kind: TransportUnderTest) async throws {
        let transport = kind.make(maxResponseBytes: 1 << 20)
        let sleeps = SleepRecorder()
        try await LoopbackHTTPServer.withServer(LoopbackHTTPServer.sequence([
            .json(#"{"error":"slow"}"#, status: 429, headers: ["Retry-After": "2"]),
            .json(#"{"error":"slow"}"#, status: 429, headers: ["Retry-After": "5"]),
            .json(#"{"ok":true}"#),
        ])) { server in
            let outcome = try await RetryPolicy(maxAttempts: 4).perform(request(server), over: transport, clock: sleeps.clock) { $0.body }
            #expect(outcome.attempts == 3)
            #expect(outcome.faults[.rateLimited] == 2 && outcome.faults.total == 2)
            #expect(sleeps.durations == [.seconds(2), .seconds(5)])
            #expect(outcome.waits == sleeps.durations)
            #expect(server.requests.count == 3)
        }
    }

    @Test("503 with an HTTP-date Retry-After waits until that date", arguments: TransportUnderTest.allCases)
    func serviceUnavailableWithDate(_ kind: TransportUnderTest) async throws {
        let transport = kind.make(maxResponseBytes: 1 << 20)
        let now = Date(timeIntervalSince1970: 784_111_777 - 12)
        let sleeps = SleepRecorder(now: now)
        try await LoopbackHTTPServer.withServer(LoopbackHTTPServer.sequence([
            ScriptedResponse(status: 503, headers: ["Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"]),
            .json("{}"),
        ])) { server in
            let outcome = try await RetryPolicy.standard.perform(request(server), over: transport, clock: sleeps.clock) { $0.status }
            #expect(outcome.value == 200)
            #expect(sleeps.durations == [.seconds(12)])
            #expect(outcome.faults[.serverError] == 1)
        }
    }

    @Test("500 and 503 are retried with exponential backoff", arguments: TransportUnderTest.allCases)
    func serverErrorsRetried(_ kind: TransportUnderTest) async throws {
        let transport = kind.make(maxResponseBytes: 1 << 20)
        let sleeps = SleepRecorder()
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), jitter: .none)
        try await LoopbackHTTPServer.withServer(LoopbackHTTPServer.sequence([
            .text("boom", status: 500), .text("busy", status: 503), .json("{}"),
        ])) { server in
            let outcome = try await policy.perform(request(server), over: transport, clock: sleeps.clock) { $0.status }
            #expect(outcome.attempts == 3)
            #expect(outcome.faults[.serverError] == 2)
            #expect(sleeps.durations == [.milliseconds(100), .milliseconds(200)])
        }
    }

    @Test("retries stop after maxAttempts; the error carries attempts and faults", arguments: TransportUnderTest.allCases)
    func exhausted(_ kind: TransportUnderTest) async throws {
        let transport = kind.make(maxResponseBytes: 1 << 20)
        let sleeps = SleepRecorder()
        try await LoopbackHTTPServer.withServer({ _ in .text("down", status: 503) }) { server in
            let error = await #expect(throws: NetworkError.self) {
                try await RetryPolicy(maxAttempts: 3).perform(request(server), over: transport, clock: sleeps.clock) { $0.body }
            }
            #expect(error?.kind == .serverError && error?.status == 503)
            #expect(error?.attempts == 3 && error?.faults[.serverError] == 3)
            #expect(error?.bodyPreview == "down")
            #expect(sleeps.durations.count == 2)
            #expect(server.requests.count == 3)
        }
    }

    @Test("400 is not retried", arguments: TransportUnderTest.allCases)
    func clientErrorNotRetried(_ kind: TransportUnderTest) async throws {
        let transport = kind.make(maxResponseBytes: 1 << 20)
        let sleeps = SleepRecorder()
        try await LoopbackHTTPServer.withServer({ _ in .json(#"{"error":"bad"}"#, status: 400) }) { server in
            let error = await #expect(throws: NetworkError.self) {
                try await RetryPolicy.standard.perform(request(server), over: transport, clock: sleeps.clock) { $0.body }
            }
            #expect(error?.kind == .clientError && error?.attempts == 1)
            #expect(sleeps.durations.isEmpty)
            #expect(server.requests.count == 1)
        }
    }

    @Test("a Retry-After longer than maxRetryAfter fails at once", arguments: TransportUnderTest.allCases)
    func retryAfterTooLong(_ kind: TransportUnderTest) async throws {
        let transport = kind.make(maxResponseBytes: 1 << 20)
        let sleeps = SleepRecorder()
        try await LoopbackHTTPServer.withServer({ _ in ScriptedResponse(status: 429, headers: ["Retry-After": "3600"]) }) { server in
            let error = await #expect(throws: NetworkError.self) {
                try await RetryPolicy(maxRetryAfter: .seconds(60)).perform(request(server), over: transport, clock: sleeps.clock) { $0.body }
            }
            #expect(error?.kind == .rateLimited && error?.attempts == 1)
            #expect(error?.detail.contains("3600") == true)
            #expect(sleeps.durations.isEmpty)
        }
    }

    @Test("a slow server hits the per-request timeout, which is retried", arguments: TransportUnderTest.allCases)
    func timeout(_ kind: TransportUnderTest) async throws {
        let transport = kind.make(maxResponseBytes: 1 << 20)
        let sleeps = SleepRecorder()
        try await LoopbackHTTPServer.withServer(LoopbackHTTPServer.sequence([
            ScriptedResponse(status: 200, body: Data("late".utf8), delay: .seconds(5)),
            .text("on time"),
        ])) { server in
            let started = ContinuousClock.now
            let outcome = try await RetryPolicy.standard.perform(request(server, timeout: .milliseconds(300)), over: transport, clock: sleeps.clock) {
                String(decoding: $0.body, as: UTF8.self)
            }
            #expect(outcome.value == "on time")
            #expect(outcome.faults[.timeout] == 1 && outcome.attempts == 2)
            #expect(ContinuousClock.now - started < .seconds(3))
        }
    }

    @Test("cancelling the task cancels the request at once with CancellationError", arguments: TransportUnderTest.allCases)
    func cancellation(_ kind: TransportUnderTest) async throws {
        let transport = kind.make(maxResponseBytes: 1 << 20)
        try await LoopbackHTTPServer.withServer({ _ in ScriptedResponse(delay: .seconds(30)) }) { server in
            let pending = Task { try await RetryPolicy.standard.perform(request(server, timeout: .seconds(20)), over: transport, clock: .immediate) { $0.body } }
            while server.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            let started = ContinuousClock.now
            pending.cancel()
            await #expect(throws: CancellationError.self) { try await pending.value }
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(server.requests.count == 1)
        }
    }

    @Test("a connection reset in the middle of the body is a connection fault", arguments: TransportUnderTest.allCases)
    func resetMidBody(_ kind: TransportUnderTest) async throws {
        let transport = kind.make(maxResponseBytes: 1 << 20)
        try await LoopbackHTTPServer.withServer({ _ in
            ScriptedResponse(body: Data(repeating: UInt8(ascii: "a"), count: 4000), fault: .resetMidBody)
        }) { server in
            let error = await #expect(throws: NetworkError.self) { try await transport.send(request(server)) }
            #expect(error?.kind == .connection)
        }
    }

    @Test("a body shorter than its Content-Length is a connection fault, retried", arguments: TransportUnderTest.allCases)
    func truncatedBody(_ kind: TransportUnderTest) async throws {
        let transport = kind.make(maxResponseBytes: 1 << 20)
        let sleeps = SleepRecorder()
        try await LoopbackHTTPServer.withServer(LoopbackHTTPServer.sequence([
            ScriptedResponse(body: Data(#"{"partial":"#.utf8), fault: .truncatedBody(declaredLength: 500)),
            .json(#"{"whole":true}"#),
        ])) { server in
            let error = await #expect(throws: NetworkError.self) { try await transport.send(request(server)) }
            #expect(error?.kind == .connection)
            let outcome = try await RetryPolicy.standard.perform(request(server), over: transport, clock: sleeps.clock) { $0.body }
            #expect(String(decoding: outcome.value, as: UTF8.self) == #"{"whole":true}"#)
            #expect(outcome.attempts == 1)
        }
    }

    @Test("a 10 MB body with a 1 MB cap fails as tooLarge, announced or not, and is not retried", arguments: TransportUnderTest.allCases, [true, false])
    func oversizedBody(_ kind: TransportUnderTest, announced: Bool) async throws {
        let transport = kind.make(maxResponseBytes: 1 << 20)
        let sleeps = SleepRecorder()
        try await LoopbackHTTPServer.withServer({ _ in
            ScriptedResponse(fault: .hugeBody(bytes: 10 << 20, announceLength: announced))
        }) { server in
            let error = await #expect(throws: NetworkError.self) {
                try await RetryPolicy.standard.perform(request(server), over: transport, clock: sleeps.clock) { $0.body }
            }
            #expect(error?.kind == .tooLarge && error?.attempts == 1)
            #expect(error?.detail.contains("1048576-byte cap") == true)
            #expect(sleeps.durations.isEmpty)
            if !announced {
                // Streamed: cancelled within one network chunk past the cap, never buffering 10 MB.
                let received = error?.detail.split(separator: " ").compactMap { Int($0) }.last ?? .max
                #expect(received > 1 << 20 && received < (1 << 20) + (1 << 18), "buffered \(received) bytes")
            }
        }
    }

    @Test("an undecodable 2xx body counts as invalidBody and is retried", arguments: TransportUnderTest.allCases)
    func invalidBodyRetried(_ kind: TransportUnderTest) async throws {
        let transport = kind.make(maxResponseBytes: 1 << 20)
        struct NotJSON: Error {}
        let sleeps = SleepRecorder()
        try await LoopbackHTTPServer.withServer(LoopbackHTTPServer.sequence([.text("<html>"), .json(#"{"a":1}"#)])) { server in
            let outcome = try await RetryPolicy.standard.perform(request(server), over: transport, clock: sleeps.clock) { response in
                guard response.body.first == UInt8(ascii: "{") else { throw NotJSON() }
                return response.body.count
            }
            #expect(outcome.faults[.invalidBody] == 1 && outcome.attempts == 2)
        }
    }

    @Test("a closed port is an unreachable fault (no connection was made)", arguments: TransportUnderTest.allCases)
    func refused(_ kind: TransportUnderTest) async throws {
        let transport = kind.make(maxResponseBytes: 1 << 20)
        let server = try LoopbackHTTPServer(handler: { _ in .json("{}") })
        let url = server.baseURL
        server.stop()
        let error = await #expect(throws: NetworkError.self) {
            try await transport.send(.postJSON(url, json: Data("{}".utf8), timeout: .seconds(5)))
        }
        #expect(error?.kind == .unreachable)
    }

    @Test("keys in Authorization headers never appear in errors, descriptions or dumps", arguments: TransportUnderTest.allCases)
    func keyRedacted(_ kind: TransportUnderTest) async throws {
        let transport = kind.make(maxResponseBytes: 1 << 20)
        let key = "sk-test-SECRET-1234567890"
        try await LoopbackHTTPServer.withServer({ request in
            .json(#"{"error":"Incorrect API key provided: \#(request.header("authorization") ?? "")"}"#, status: 401)
        }) { server in
            let sent = request(server, headers: ["Authorization": "Bearer \(key)"])
            let error = await #expect(throws: NetworkError.self) {
                try await RetryPolicy.standard.perform(sent, over: transport, clock: .immediate) { $0.body }
            }
            #expect(server.requests.first?.header("authorization") == "Bearer \(key)")
            let texts = [error.map { "\($0)" } ?? "", error?.bodyPreview ?? "", "\(sent)", String(reflecting: sent), dumped(sent)]
            for text in texts { #expect(!text.contains(key), "leaked in: \(text)") }
            #expect(error?.bodyPreview?.contains("<redacted>") == true)
        }
    }

    private func dumped(_ value: some Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }
}
