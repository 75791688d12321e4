import Foundation
import Synchronization
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real `spb-generate` with `--judge` and with `--score fields`, killed and resumed: the run
/// directory stays consistent and `--resume` finishes it.
@Suite("Kills: spb-generate with the judge and the fields score", .serialized,
       .enabled(if: Binaries.generate != nil, Comment(rawValue: Binaries.skipMessage("spb-generate"))))
struct JudgeKillResumeTests {
    @Test("SIGKILL while a judge request is held open leaves nothing half-written; --resume completes with consistent files")
    func killWhileJudging() async throws {
        let binary = try #require(Binaries.generate)
        let chat = try FaultInjectingOpenAIServer(settings: GenerateHarness.settings())
        defer { chat.stop() }
        let holding = Atomic<Bool>(true)
        let judge = try LoopbackHTTPServer { _ in
            holding.load(ordering: .relaxed) ? OpenAIScript.judgeVerdict(same: false, reason: "held").delayed(by: .seconds(60))
                : OpenAIScript.judgeVerdict(same: false, reason: "a different person")
        }
        defer { judge.stop() }
        let scratch = try ScratchDirectory("kill-judge")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("run")
        let arguments = GenerateHarness.arguments(out: out, server: chat, count: 4, concurrency: 2)
            + ["--judge", "--judge-base-url", judge.baseURL.absoluteString, "--judge-model", "judge-model", "--judge-band", "0,1.01",
               "--max-judge-calls-per-accepted", "5"]
        let child = try ChildProcess(binary, arguments, environment: GenerateHarness.environment)
        let deadline = ContinuousClock.now + .seconds(30)
        while judge.requests.count < 2, child.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(judge.requests.count >= 2, "both candidates in flight wait for the judge: \(child.stderrSoFar.suffix(500))")
        child.send(SIGKILL)
        _ = await child.wait()
        let killed = try await RunDirectoryCheck(out)
        #expect(killed.personas.isEmpty && killed.events.isEmpty, "nothing of a candidate being judged is written")

        holding.store(false, ordering: .relaxed)
        let last = try await ChildProcess.run(binary, arguments + ["--resume"], environment: GenerateHarness.environment, timeout: .seconds(120))
        #expect(last.status == 0, "\(last.stderr.suffix(1000))")
        #expect(last.stdout.contains("judge: judge-model, band 0.00,1.01"), "\(last.stdout)")
        let check = try await RunDirectoryCheck(out)
        #expect(check.personas.count == 4)
        // Every held persona is in this band, so a candidate that meets more than the 3 calls × 3 personas a
        // candidate may use (the 6 seeds plus personas accepted meanwhile) ends in the "rounds" fallback,
        // after three "different" answers; either way every candidate went to the judge.
        let unjudged = check.events.filter { event in
            guard let judge = event["judge"] as? [String: Any], (judge["calls"] as? Int ?? 0) >= 1,
                  judge["reason"] as? String == "a different person" else { return true }
            return !(judge["verdict"] as? String == "different" || (judge["verdict"] as? String == "fallback" && judge["fallback"] as? String == "rounds"))
        }
        #expect(unjudged.isEmpty, "every candidate was judged: \(unjudged.map { "\($0["attempt"] ?? "?") \($0["decision"] ?? "?") \($0["judge"] ?? "no judge")" })")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"judge\"") && manifest.contains("judge-model") && !manifest.contains(GenerateHarness.sentinel))
        try GenerateFaultTests.expectNoSentinel(in: out, printed: [last.stdout, last.stderr])
    }

    @Test("--score fields SIGKILLed 3 times, each followed by --resume: exactly the target, aligned embeddings.f32 and fields.f32")
    func killAndResumeFields() async throws {
        let binary = try #require(Binaries.generate)
        let server = try FaultInjectingOpenAIServer(settings: GenerateHarness.settings(goodDelay: .milliseconds(100)))
        defer { server.stop() }
        let scratch = try ScratchDirectory("kill-fields")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("run")
        // The fitted model reads hashed-n-gram cosines of the server's template personas as near-duplicates
        // most of the time: a small target and room for many attempts.
        let arguments = GenerateHarness.arguments(out: out, server: server, count: 8, concurrency: 2) + ["--score", "fields", "--max-attempts", "2000"]
        var rng = SplitMix64(seed: 0xF1E1D5)
        for invocation in 0 ..< 3 {
            let child = try ChildProcess(binary, arguments + (invocation == 0 ? [] : ["--resume"]), environment: GenerateHarness.environment)
            await KillResumeTests.waitFor(out.appendingPathComponent("personas.jsonl"),
                                    lines: KillResumeTests.lineCount(out.appendingPathComponent("personas.jsonl")) + 1, child: child)
            try await Task.sleep(for: .milliseconds(Int.random(in: 20 ... 300, using: &rng)))
            if child.isRunning { child.send(SIGKILL) }
            _ = await child.wait()
        }
        let last = try await ChildProcess.run(binary, arguments + ["--resume"], environment: GenerateHarness.environment, timeout: .seconds(120))
        #expect(last.status == 0, "\(last.stderr.suffix(1000))")
        #expect(last.stdout.contains("score fields"), "\(last.stdout)")
        let check = try await RunDirectoryCheck(out)
        #expect(check.personas.count == 8)
        let fields = try Data(contentsOf: out.appendingPathComponent("fields.f32"))
        let dimension = (try Data(contentsOf: out.appendingPathComponent("embeddings.f32")).count - 16) / (8 * 4)
        #expect(fields.count == 16 + 8 * 3 * dimension * 4, "one fields row per persona")
        #expect(check.events.contains { $0["nearest_components"] != nil }, "events carry the component scores")
    }
}
