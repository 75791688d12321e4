import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real `spb-generate` against a server that injects every fault: the run reaches its
/// target, counts every fault by kind (summary = events.jsonl = what the server injected),
/// writes only valid records, never prints or stores the API key, and never overwrites a run.
@Suite("Faults, secrets and safety: spb-generate", .serialized, .enabled(if: Binaries.generate != nil, Comment(rawValue: Binaries.skipMessage("spb-generate"))))
struct GenerateFaultTests {
    typealias Fault = FaultInjectingOpenAIServer.Fault

    /// Every fault once (in the first requests), then a seeded 30 % mix.
    static func faultScript(seed: UInt64) -> [Fault?] {
        var rng = SplitMix64(seed: seed)
        var script: [Fault?] = Fault.allCases.shuffled(using: &rng)
        for _ in 0 ..< 40 { script.append(Double.random(in: 0 ..< 1, using: &rng) < 0.3 ? Fault.allCases.randomElement(using: &rng) : nil) }
        return script
    }

    @Test("A run through every fault reaches its target; faults counted by kind in summary and events; no key anywhere")
    func faultMix() async throws {
        let binary = try #require(Binaries.generate)
        let server = try FaultInjectingOpenAIServer(chat: .script(Self.faultScript(seed: 0xFA17)), settings: GenerateHarness.settings())
        defer { server.stop() }
        let scratch = try ScratchDirectory("gen-faults")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("run")
        let result = try await ChildProcess.run(binary, GenerateHarness.arguments(out: out, server: server, count: 12),
                                          environment: GenerateHarness.environment, timeout: .seconds(120))
        #expect(result.status == 0, "stderr: \(result.stderr.suffix(2000))")
        let check = try await RunDirectoryCheck(out)
        #expect(check.personas.count == 12)
        #expect(result.stdout.contains("accepted: 12/12"), "\(result.stdout)")

        let inEvents = check.faultsInEvents
        #expect(faultsInSummary(result.stdout) == inEvents, "summary faults = events.jsonl faults\n\(result.stdout)")
        var expected = [String: Int]()
        for (fault, count) in server.injectedChat { if let kind = fault.expectedClientKind { expected[kind, default: 0] += count } }
        #expect(Set(inEvents.keys) == Set(expected.keys), "every injected kind is counted: \(inEvents) vs injected \(server.injectedChat)")
        for (kind, count) in expected {
            // A good reply slowed by a loaded machine can time out too, so timeouts may exceed the injected ones.
            if kind == "timeout" { #expect(inEvents[kind, default: 0] >= count) } else { #expect(inEvents[kind] == count, "\(kind): events \(inEvents[kind] ?? 0), injected \(count)") }
        }
        #expect(check.decisions["invalid-persona"] == server.injectedChat[.overlongPersona], "over-long personas are rejected, never written")
        #expect(check.decisions["llm-error", default: 0] >= server.injectedChat[.hugeBody, default: 0], "the 10 MB body ends its request (refused by the cap, not retried)")

        #expect(server.authorizationHeaders == ["Bearer \(GenerateHarness.sentinel)"], "the key was sent (so the search below means something)")
        try Self.expectNoSentinel(in: out, printed: [result.stdout, result.stderr])
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("generate.lock").path), "lock released")
    }

    @Test("Three 10 MB replies at once are refused by the size cap; the generator's peak memory stays bounded")
    func memoryBounded() async throws {
        let binary = try #require(Binaries.generate)
        let server = try FaultInjectingOpenAIServer(chat: .script([.hugeBody, .hugeBody, .hugeBody]), settings: GenerateHarness.settings())
        defer { server.stop() }
        let scratch = try ScratchDirectory("gen-memory")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("run")
        let result = try await ChildProcess(binary, GenerateHarness.arguments(out: out, server: server, count: 3, concurrency: 3),
                                      environment: GenerateHarness.environment).wait(timeout: .seconds(60))
        #expect(result.status == 0, "\(result.stderr.suffix(800))")
        #expect(faultsInSummary(result.stdout)["tooLarge"] == 3, "\(result.stdout)")
        // The bound leaves room for the process itself, not for buffering the three 10 MB bodies and their copies
        // (the measured peak: Benchmarks/RESULTS.md).
        #expect(result.peakResidentKiB > 0 && result.peakResidentKiB < 100_000, "peak RSS \(result.peakResidentKiB) KiB")
        print("memory test: spb-generate peak RSS \(result.peakResidentKiB) KiB while refusing three 10 MB replies")
    }

    @Test("Failing runs (server always failing, connection refused) print errors without the key")
    func failuresDoNotLeakKey() async throws {
        let binary = try #require(Binaries.generate)
        let server = try FaultInjectingOpenAIServer(chat: .seeded(seed: 3, rate: 1, kinds: [.serverError, .htmlErrorPage, .hugeBody, .wrongSchema]),
                                                    settings: GenerateHarness.settings())
        let scratch = try ScratchDirectory("gen-fail")
        defer { scratch.remove() }
        let failing = scratch.url.appendingPathComponent("failing")
        let first = try await ChildProcess.run(binary, GenerateHarness.arguments(out: failing, server: server, count: 3, retries: 2) + ["--max-attempts", "4"],
                                         environment: GenerateHarness.environment)
        #expect(first.status == 1, "gives up with exit 1: \(first.stderr.suffix(1000))")
        #expect(first.stderr.contains("gave up"), "\(first.stderr.suffix(1000))")
        server.stop()
        // Nothing listens on the stopped server's port any more.
        let refused = scratch.url.appendingPathComponent("refused")
        let second = try await ChildProcess.run(binary, GenerateHarness.arguments(out: refused, server: server, count: 2, retries: 2) + ["--max-attempts", "3"],
                                          environment: GenerateHarness.environment)
        #expect(second.status == 1)
        try Self.expectNoSentinel(in: scratch.url, printed: [first.stdout, first.stderr, second.stdout, second.stderr])
        let events = try String(contentsOf: failing.appendingPathComponent("events.jsonl"), encoding: .utf8)
        #expect(events.contains("llm-error"), "the errors are recorded")
    }

    @Test("A run directory is never overwritten without --resume or --force")
    func noOverwrite() async throws {
        let binary = try #require(Binaries.generate)
        let server = try FaultInjectingOpenAIServer(settings: GenerateHarness.settings())
        defer { server.stop() }
        let scratch = try ScratchDirectory("gen-overwrite")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("run")
        let env = GenerateHarness.environment
        #expect(try await ChildProcess.run(binary, GenerateHarness.arguments(out: out, server: server, count: 2), environment: env).status == 0)
        let personas = out.appendingPathComponent("personas.jsonl")
        let before = try Data(contentsOf: personas)

        let again = try await ChildProcess.run(binary, GenerateHarness.arguments(out: out, server: server, count: 2, seed: 8), environment: env)
        #expect(again.status == 64, "a fresh run into a used directory is a usage error: \(again.stderr)")
        #expect(again.stderr.contains("--resume") && again.stderr.contains("--force"), "\(again.stderr)")
        #expect(try Data(contentsOf: personas) == before, "the run is untouched")

        let foreign = scratch.url.appendingPathComponent("foreign")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("keep me\n".utf8).write(to: foreign.appendingPathComponent("notes.txt"))
        #expect(try await ChildProcess.run(binary, GenerateHarness.arguments(out: foreign, server: server, count: 1), environment: env).status == 64)
        #expect(try String(contentsOf: foreign.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep me\n")

        let resumed = try await ChildProcess.run(binary, GenerateHarness.arguments(out: out, server: server, count: 3) + ["--resume"], environment: env)
        #expect(resumed.status == 0, "\(resumed.stderr.suffix(800))")
        let afterResume = try await RunDirectoryCheck(out)
        #expect(afterResume.personas.count == 3)
        #expect(try Data(contentsOf: personas).starts(with: before), "resume appends")

        let forced = try await ChildProcess.run(binary, GenerateHarness.arguments(out: out, server: server, count: 1, seed: 9) + ["--force"], environment: env)
        #expect(forced.status == 0, "\(forced.stderr.suffix(800))")
        #expect(try await RunDirectoryCheck(out).personas.count == 1, "--force replaces the run")
    }

    /// Fails when `sentinel` is in any file under `directory` or in any printed text.
    static func expectNoSentinel(in directory: URL, printed: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        var files = 0
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            files += 1
            let data = try Data(contentsOf: url)
            #expect(data.range(of: Data(GenerateHarness.sentinel.utf8)) == nil, "the key is in \(url.path)", sourceLocation: sourceLocation)
            #expect(data.range(of: Data("SENTINEL".utf8)) == nil, "part of the key is in \(url.path)", sourceLocation: sourceLocation)
        }
        #expect(files > 0, "the run wrote files to search", sourceLocation: sourceLocation)
        for text in printed { #expect(!text.contains("SENTINEL"), "the key was printed", sourceLocation: sourceLocation) }
    }
}

/// `spb-generate --encoder openai` against a faulty `/v1/embeddings`: retryable faults are
/// survived with exactly the server's vectors; a permanent failure stops the run with exit 1,
/// consistent files and the lock released, and `--resume` then completes it.
@Suite("Faults: spb-generate embeddings endpoint", .serialized, .enabled(if: Binaries.generate != nil, Comment(rawValue: Binaries.skipMessage("spb-generate"))))
struct GenerateEmbeddingFaultTests {
    static let dimension = 24

    static func arguments(out: URL, server: FaultInjectingOpenAIServer, count: Int) -> [String] {
        var arguments = GenerateHarness.arguments(out: out, server: server, count: count)
        if let index = arguments.firstIndex(of: "hashed-ngrams") { arguments[index] = "openai" }
        return arguments + ["--embedding-dimension", String(dimension), "--embedding-model", "fault-embedder"]
    }

    static let serverVectors: @Sendable ([String], Int) async throws -> [Float] = { texts, dimension in
        texts.flatMap { FaultInjectingOpenAIServer.vector(for: $0, dimension: dimension) }
    }

    @Test("Retryable embedding faults are survived with the exact vectors")
    func retryableFaults() async throws {
        let binary = try #require(Binaries.generate)
        let kinds: [FaultInjectingOpenAIServer.Fault] = [.rateLimitedRetryAfter, .serverError, .htmlErrorPage, .resetMidBody, .truncatedJSON, .nonJSONBody, .wrongSchema]
        let server = try FaultInjectingOpenAIServer(embeddings: .script(kinds.flatMap { [$0, nil] }), embeddingDimension: Self.dimension,
                                                    settings: GenerateHarness.settings())
        defer { server.stop() }
        let scratch = try ScratchDirectory("gen-embed")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("run")
        let result = try await ChildProcess.run(binary, Self.arguments(out: out, server: server, count: 8), environment: GenerateHarness.environment)
        #expect(result.status == 0, "\(result.stderr.suffix(1500))")
        #expect(server.injected.values.reduce(0, +) == kinds.count, "every scripted fault was met")
        let check = try await RunDirectoryCheck(out, embeddings: Self.serverVectors)
        #expect(check.personas.count == 8)
        try GenerateFaultTests.expectNoSentinel(in: out, printed: [result.stdout, result.stderr])
    }

    @Test("A permanently failing embeddings endpoint stops the run cleanly; --resume completes it")
    func permanentFailure() async throws {
        let binary = try #require(Binaries.generate)
        // Seeds and the first personas embed; from request 4 on every request fails with a 500.
        let failing = try FaultInjectingOpenAIServer(embeddings: .script([nil, nil, nil] + Array(repeating: .serverError, count: 400)),
                                                     embeddingDimension: Self.dimension, settings: GenerateHarness.settings())
        let scratch = try ScratchDirectory("gen-embed-fail")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("run")
        let stopped = try await ChildProcess.run(binary, Self.arguments(out: out, server: failing, count: 6) + ["--retries", "2"], environment: GenerateHarness.environment)
        failing.stop()
        #expect(!stopped.signalled && stopped.status == 1, "exit \(stopped.status): \(stopped.stderr.suffix(1200))")
        #expect(stopped.stderr.contains("error:"), "\(stopped.stderr.suffix(800))")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("generate.lock").path), "lock released")
        let partial = try await RunDirectoryCheck(out, embeddings: Self.serverVectors)
        #expect(partial.personas.count < 6)

        let healthy = try FaultInjectingOpenAIServer(embeddingDimension: Self.dimension, settings: GenerateHarness.settings())
        defer { healthy.stop() }
        var arguments = Self.arguments(out: out, server: healthy, count: 6)
        arguments += ["--resume", "--embedding-base-url", healthy.baseURL.absoluteString]
        let resumed = try await ChildProcess.run(binary, arguments, environment: GenerateHarness.environment)
        #expect(resumed.status == 0, "\(resumed.stderr.suffix(1200))")
        #expect(try await RunDirectoryCheck(out, embeddings: Self.serverVectors).personas.count == 6)
        try GenerateFaultTests.expectNoSentinel(in: out, printed: [stopped.stdout, stopped.stderr, resumed.stdout, resumed.stderr])
    }
}

/// Listening sockets of the test servers and the local LLM server script: 127.0.0.1 only.
@Suite("Safety: loopback only")
struct LoopbackOnlyTests {
    @Test("Test servers listen on 127.0.0.1 only; the local LLM server script binds 127.0.0.1")
    func loopbackOnly() throws {
        let server = try FaultInjectingOpenAIServer()
        defer { server.stop() }
        // Read to the end: String(contentsOfFile:) stops after the first 4 KiB of a procfs file, and a busy
        // machine's socket table is longer than that.
        let table = String(decoding: try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/net/tcp")).readToEnd() ?? Data(), as: UTF8.self)
        let port = String(format: "%04X", server.port)
        var listening = [[Substring]]()
        for line in table.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: " ")
            if columns.count > 3, columns[1].hasSuffix(":" + port), columns[3] == "0A" { listening.append(columns) }
        }
        #expect(listening.count == 1, "one listening socket on port \(server.port)")
        #expect(listening.first.map { $0[1].hasPrefix("0100007F:") } == true, "bound to 127.0.0.1: \(listening)")
        let ipv6 = String(decoding: (try? FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/net/tcp6")).readToEnd()) ?? Data(), as: UTF8.self)
        #expect(!ipv6.contains(":\(port) "), "no IPv6 wildcard socket on the port")

        let script = try String(contentsOf: SharedData.repositoryRoot.appendingPathComponent("scripts/llm-server.sh"), encoding: .utf8)
        #expect(script.contains("--host 127.0.0.1"))
        #expect(!script.contains("0.0.0.0"))
    }
}
