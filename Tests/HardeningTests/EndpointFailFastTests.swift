import Foundation
import Networking
import Testing
import TestSupport

/// The real `spb-generate` against an endpoint that is gone or wrong: it stops within seconds
/// with exit 1 and one message naming the URL, the cause, what to check and the resume command;
/// the run directory stays consistent and unlocked, and `--resume` continues it.
@Suite("Endpoint failures stop spb-generate at once", .serialized, .enabled(if: Binaries.generate != nil, Comment(rawValue: Binaries.skipMessage("spb-generate"))))
struct EndpointFailFastTests {
    /// The longest a failing run may take (well above what one takes: Benchmarks/RESULTS.md).
    static let limit: Duration = .seconds(20)

    /// A fast hashed-n-gram run into `out` against `baseURL`, with two HTTP attempts per request.
    static func arguments(out: URL, baseURL: URL, count: Int, model: String = "fault-model") -> [String] {
        ["--out", out.path, "--target", String(count), "--seed", "7", "--base-url", baseURL.absoluteString,
         "--encoder", "hashed-ngrams", "--threshold", "0.95", "--concurrency", "4", "--timeout", "3",
         "--retries", "2", "--api-key-env", GenerateHarness.keyVariable, "--model", model]
    }

    /// The chat-completions URL the client derives from `base` (and the message must name).
    static func chatURL(_ base: URL) -> String { OpenAIEndpoint.url(base: base, path: "chat/completions").absoluteString }

    /// Runs the binary, checks exit 1 within ``limit``, the stop message and the run directory; returns stdout.
    static func expectStopped(_ arguments: [String], out: URL, mentions: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let binary = try #require(Binaries.generate)
        let started = ContinuousClock.now
        let result = try await ChildProcess.run(binary, arguments, environment: GenerateHarness.environment, timeout: .seconds(60))
        let elapsed = ContinuousClock.now - started
        print("endpoint fail-fast: stopped in \(elapsed)")
        #expect(elapsed < limit, "stopped in \(elapsed)", sourceLocation: sourceLocation)
        #expect(result.status == 1, "exit \(result.status): \(result.stderr.suffix(1500))", sourceLocation: sourceLocation)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(errors.count == 1, "one error message: \(result.stderr)", sourceLocation: sourceLocation)
        for words in mentions + ["spb-generate --out \(out.path) --resume"] {
            #expect(result.stderr.contains(words), "mentions \"\(words)\": \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(result.stdout.contains("spb-generate: endpoint failed"), "\(result.stdout)", sourceLocation: sourceLocation)
        try GenerateFaultTests.expectNoSentinel(in: out, printed: [result.stdout, result.stderr], sourceLocation: sourceLocation)
        _ = try await RunDirectoryCheck(out, sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("generate.lock").path), "lock released", sourceLocation: sourceLocation)
        return result.stdout
    }

    @Test("No server on the port: stops after --max-connection-failures attempts that cannot connect")
    func serverNeverThere() async throws {
        let closed = try LoopbackHTTPServer(handler: { _ in .json("{}") })
        let url = closed.baseURL
        closed.stop()
        let scratch = try ScratchDirectory("failfast-refused")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("run")
        let stdout = try await Self.expectStopped(Self.arguments(out: out, baseURL: url, count: 5), out: out,
                                                  mentions: [Self.chatURL(url), "8 attempts in a row could not connect",
                                                             "Connection refused", "check that the server is running", "--base-url"])
        #expect(faultsInSummary(stdout)["unreachable", default: 0] >= 16, "8 attempts × 2 requests counted as unreachable: \(stdout)")
        #expect(faultsInSummary(stdout)["connection"] == nil, "\(stdout)")
    }

    @Test("The server stops mid-run: the run stops, and --resume against a live server finishes it")
    func serverStopsMidRun() async throws {
        let binary = try #require(Binaries.generate)
        let first = try FaultInjectingOpenAIServer(settings: GenerateHarness.settings(goodDelay: .milliseconds(150)))
        let scratch = try ScratchDirectory("failfast-midrun")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("run")
        let arguments = Self.arguments(out: out, baseURL: first.baseURL, count: 12)
        let child = try ChildProcess(binary, arguments, environment: GenerateHarness.environment)
        let personas = out.appendingPathComponent("personas.jsonl")
        let deadline = ContinuousClock.now + .seconds(30)
        while child.isRunning, ContinuousClock.now < deadline,
              ((try? String(contentsOf: personas, encoding: .utf8))?.split(separator: "\n").count ?? 0) < 3 {
            try await Task.sleep(for: .milliseconds(10))
        }
        await first.stopAsync()
        let started = ContinuousClock.now
        let result = await child.wait(timeout: .seconds(60))
        let elapsed = ContinuousClock.now - started
        print("endpoint fail-fast: stopped \(elapsed) after the server did")
        #expect(elapsed < Self.limit)
        #expect(result.status == 1, "exit \(result.status): \(result.stderr.suffix(1500))")
        #expect(result.stderr.contains("could not connect") && result.stderr.contains("spb-generate --out \(out.path) --resume"), "\(result.stderr)")
        let stopped = try await RunDirectoryCheck(out)
        #expect(stopped.personas.count >= 3 && stopped.personas.count < 12, "\(stopped.personas.count) personas kept")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("generate.lock").path), "lock released")

        let second = try FaultInjectingOpenAIServer(settings: GenerateHarness.settings())
        defer { second.stop() }
        let resumed = try await ChildProcess.run(binary, ["--out", out.path, "--resume", "--base-url", second.baseURL.absoluteString],
                                           environment: GenerateHarness.environment, timeout: .seconds(60))
        #expect(resumed.status == 0, "\(resumed.stderr.suffix(1500))")
        let finished = try await RunDirectoryCheck(out)
        #expect(finished.personas.count == 12)
        #expect(Array(finished.ids.prefix(stopped.ids.count)) == stopped.ids, "resume appends to what was kept")
    }

    @Test("HTTP 401: the key was refused")
    func keyRefused() async throws {
        let server = try LoopbackHTTPServer(handler: { _ in
            OpenAIScript.error(status: 401, message: "Incorrect API key provided: \(GenerateHarness.sentinel)", type: "invalid_request_error")
        })
        defer { server.stop() }
        let scratch = try ScratchDirectory("failfast-401")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("run")
        _ = try await Self.expectStopped(Self.arguments(out: out, baseURL: server.baseURL, count: 5), out: out,
                                         mentions: [Self.chatURL(server.baseURL), "HTTP 401", "the API key was refused",
                                                    GenerateHarness.keyVariable, "Incorrect API key provided: <redacted>"])
        #expect(server.requests.count <= 4, "one request per attempt in flight, not retried: \(server.requests.count)")
    }

    @Test("HTTP 404: the model is unknown")
    func unknownModel() async throws {
        let server = try LoopbackHTTPServer(handler: { _ in
            OpenAIScript.error(status: 404, message: "The model `no-such-model` does not exist", type: "invalid_request_error")
        })
        defer { server.stop() }
        let scratch = try ScratchDirectory("failfast-404")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("run")
        _ = try await Self.expectStopped(Self.arguments(out: out, baseURL: server.baseURL, count: 5, model: "no-such-model"), out: out,
                                         mentions: [Self.chatURL(server.baseURL), "HTTP 404", "model 'no-such-model' not found",
                                                    "--model", "does not exist"])
    }

    @Test("HTTP 400 in every structured-output mode: the request is rejected")
    func rejectedInEveryMode() async throws {
        let server = try LoopbackHTTPServer(handler: { _ in
            OpenAIScript.error(status: 400, message: "messages: unsupported content", type: "invalid_request_error")
        })
        defer { server.stop() }
        let scratch = try ScratchDirectory("failfast-400")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("run")
        _ = try await Self.expectStopped(Self.arguments(out: out, baseURL: server.baseURL, count: 5) + ["--concurrency", "1"], out: out,
                                         mentions: [Self.chatURL(server.baseURL), "HTTP 400",
                                                    "rejected in every structured-output mode", "--structured-output"])
        let formats = server.requests.map { OpenAIScript.responseFormat(of: $0)?["type"] as? String ?? "none" }
        #expect(formats == ["json_schema", "json_object", "json_object", "none"], "every mode was tried once: \(formats)")
    }
}
