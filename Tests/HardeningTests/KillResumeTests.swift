import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real `spb-generate` killed with SIGKILL at seeded random moments and resumed each time,
/// then stopped with SIGINT: the run ends with exactly its target, valid and aligned files, an
/// events log that matches them, and no lock left behind.
@Suite("Kills: spb-generate SIGKILL and SIGINT", .serialized, .enabled(if: Binaries.generate != nil, Comment(rawValue: Binaries.skipMessage("spb-generate"))))
struct KillResumeTests {
    /// Settings of the kill loop; `scripts/kill-soak.sh` raises them through the environment.
    static let target = setting("SPB_SOAK_TARGET", 60)
    static let killCount = setting("SPB_SOAK_KILLS", 20)
    static let seed = UInt64(setting("SPB_SOAK_SEED", 0x5161))

    static func setting(_ name: String, _ fallback: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) } ?? fallback
    }

    @Test("SIGKILLs (20 by default) at seeded random moments, each followed by --resume, end with exactly the target")
    func killAndResume() async throws {
        let binary = try #require(Binaries.generate)
        let server = try FaultInjectingOpenAIServer(chat: .seeded(seed: 0x6A11, rate: 0.15, kinds: [.rateLimited, .serverError, .resetMidBody, .truncatedJSON, .overlongPersona]),
                                                    settings: GenerateHarness.settings(goodDelay: .milliseconds(150)))
        defer { server.stop() }
        let scratch = try ScratchDirectory("kill")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("run")
        let arguments = GenerateHarness.arguments(out: out, server: server, count: Self.target, concurrency: 2)
        var rng = SplitMix64(seed: Self.seed)
        var kills = 0, finishedEarly = 0, invocation = 0, progress = [Int]()
        while kills < Self.killCount {
            let child = try ChildProcess(binary, arguments + (invocation == 0 ? [] : ["--resume"]), environment: GenerateHarness.environment)
            invocation += 1
            if kills == 0 { await Self.waitFor(out.appendingPathComponent("manifest.json"), child: child) }
            // Half the kills land at any moment (start-up and recovery included), half once this
            // invocation has written a persona, so a loaded machine still sees kills mid-run.
            if Bool.random(using: &rng) {
                await Self.waitFor(out.appendingPathComponent("personas.jsonl"), lines: (progress.last ?? 0) + 1, child: child)
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 20 ... 500, using: &rng)))
            if child.isRunning {
                child.send(SIGKILL)
                kills += 1
            }
            let result = await child.wait()
            progress.append(Self.lineCount(out.appendingPathComponent("personas.jsonl")))
            if !result.signalled {
                #expect(result.status == 0, "an unkilled invocation succeeds: \(result.stderr.suffix(600))")
                finishedEarly += 1
                if result.status == 0 { break }
            }
        }
        #expect(kills >= Self.killCount, "killed \(kills) times (\(finishedEarly) invocations ended before their kill)")
        print("kill test: \(kills) SIGKILLs; personas after each invocation: \(progress)")
        #expect(progress.last.map { $0 > 0 && $0 < Self.target } == true, "the kills interrupted a run in progress: \(progress)")
        let last = try await ChildProcess.run(binary, arguments + ["--resume"], environment: GenerateHarness.environment, timeout: .seconds(120))
        #expect(last.status == 0, "\(last.stderr.suffix(1000))")
        #expect(last.stdout.contains("accepted: \(Self.target)/\(Self.target)"), "\(last.stdout)")
        let check = try await RunDirectoryCheck(out)
        #expect(check.personas.count == Self.target, "exactly the target")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("generate.lock").path))
        try GenerateFaultTests.expectNoSentinel(in: out, printed: [last.stdout, last.stderr])
        print("kill test verdict: \(check.personas.count)/\(Self.target) personas, \(Set(check.ids).count) distinct ids, \(check.embeddingRows) embedding rows, \(check.events.count) events, \(invocation + 1) invocations")
    }

    @Test("A steered run (--steer all) SIGKILLed 5 times, each followed by --resume, ends with exactly its target and aligned files")
    func killAndResumeSteered() async throws {
        let binary = try #require(Binaries.generate)
        let server = try FaultInjectingOpenAIServer(chat: .seeded(seed: 0x57EE, rate: 0.1, kinds: [.rateLimited, .serverError, .truncatedJSON]),
                                                    settings: GenerateHarness.settings(goodDelay: .milliseconds(100)))
        defer { server.stop() }
        let scratch = try ScratchDirectory("kill-steered")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("run")
        let arguments = GenerateHarness.arguments(out: out, server: server, count: 30, concurrency: 2)
            + ["--steer", "all", "--steer-phrase-after", "10", "--steer-phrase-share", "0.3", "--steer-crowding-share", "0.2"]
        var rng = SplitMix64(seed: 0x57EE)
        for invocation in 0 ..< 5 {
            let child = try ChildProcess(binary, arguments + (invocation == 0 ? [] : ["--resume"]), environment: GenerateHarness.environment)
            await Self.waitFor(out.appendingPathComponent("personas.jsonl"), lines: Self.lineCount(out.appendingPathComponent("personas.jsonl")) + 1, child: child)
            try await Task.sleep(for: .milliseconds(Int.random(in: 20 ... 300, using: &rng)))
            if child.isRunning { child.send(SIGKILL) }
            _ = await child.wait()
        }
        let last = try await ChildProcess.run(binary, arguments + ["--resume"], environment: GenerateHarness.environment, timeout: .seconds(120))
        #expect(last.status == 0, "\(last.stderr.suffix(1000))")
        #expect(last.stdout.contains("steering: all"), "\(last.stdout)")
        let check = try await RunDirectoryCheck(out)
        #expect(check.personas.count == 30, "exactly the target")
        #expect(check.events.contains { $0["steering"] != nil }, "steering decisions are logged")
    }

    @Test("SIGINT and SIGTERM stop cleanly: exit 1 with a resume hint, consistent files, lock released; --resume completes",
          arguments: [SIGINT, SIGTERM])
    func interruptStopsCleanly(signal: Int32) async throws {
        let binary = try #require(Binaries.generate)
        let server = try FaultInjectingOpenAIServer(settings: GenerateHarness.settings(goodDelay: .milliseconds(120)))
        defer { server.stop() }
        let scratch = try ScratchDirectory("signal-\(signal)")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("run")
        let arguments = GenerateHarness.arguments(out: out, server: server, count: 40, concurrency: 3)
        let child = try ChildProcess(binary, arguments, environment: GenerateHarness.environment)
        await Self.waitFor(out.appendingPathComponent("personas.jsonl"), lines: 3, child: child)
        child.send(signal)
        let result = await child.wait(timeout: .seconds(30))
        #expect(!result.signalled && result.status == 1, "status \(result.status), signalled \(result.signalled)")
        #expect(result.stderr.contains("interrupted") && result.stderr.contains("--resume"), "\(result.stderr.suffix(800))")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("generate.lock").path), "lock released")
        let stopped = try await RunDirectoryCheck(out)
        #expect(stopped.personas.count >= 3 && stopped.personas.count < 40)

        let resumed = try await ChildProcess.run(binary, arguments + ["--resume"], environment: GenerateHarness.environment)
        #expect(resumed.status == 0, "\(resumed.stderr.suffix(800))")
        #expect(try await RunDirectoryCheck(out).personas.count == 40)
    }

    @Test("Two SIGINTs in a row stop at once; --resume then repairs and completes the run")
    func secondInterruptQuits() async throws {
        let binary = try #require(Binaries.generate)
        let server = try FaultInjectingOpenAIServer(settings: GenerateHarness.settings(goodDelay: .seconds(2)))
        defer { server.stop() }
        let scratch = try ScratchDirectory("double-sigint")
        defer { scratch.remove() }
        let out = scratch.url.appendingPathComponent("run")
        let arguments = GenerateHarness.arguments(out: out, server: server, count: 6, concurrency: 3)
        let child = try ChildProcess(binary, arguments, environment: GenerateHarness.environment)
        await Self.waitFor(out.appendingPathComponent("manifest.json"), child: child)
        try await Task.sleep(for: .milliseconds(200))
        child.send(SIGINT)
        try await Task.sleep(for: .milliseconds(100))
        child.send(SIGINT)
        let started = ContinuousClock.now
        let result = await child.wait(timeout: .seconds(30))
        #expect(result.status == 1 && !result.signalled, "exit \(result.status)")
        #expect(ContinuousClock.now - started < .seconds(1.5), "stops promptly, without waiting for the 2 s replies in flight")
        let resumed = try await ChildProcess.run(binary, arguments + ["--resume"], environment: GenerateHarness.environment)
        #expect(resumed.status == 0, "\(resumed.stderr.suffix(800))")
        #expect(try await RunDirectoryCheck(out).personas.count == 6)
    }

    /// Newline characters in `url` (0 when absent).
    static func lineCount(_ url: URL) -> Int {
        ((try? Data(contentsOf: url)) ?? Data()).filter { $0 == UInt8(ascii: "\n") }.count
    }

    /// Polls until `url` exists with at least `lines` newline characters (or the child ends; 30 s at most).
    static func waitFor(_ url: URL, lines: Int = 0, child: ChildProcess) async {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, child.isRunning {
            if FileManager.default.fileExists(atPath: url.path), lineCount(url) >= lines { return }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// The run lock after a kill: a lock left by a dead process does not block a new run (a kill
/// before the manifest was written leaves nothing else), and a live owner's lock is respected.
@Suite("Kills: the run lock", .serialized, .enabled(if: Binaries.generate != nil, Comment(rawValue: Binaries.skipMessage("spb-generate"))))
struct RunLockTests {
    @Test("A stale lock (dead PID) alone is taken over by a fresh run; a live owner's lock is exit 64 and left in place")
    func staleAndLiveLocks() async throws {
        let binary = try #require(Binaries.generate)
        let server = try FaultInjectingOpenAIServer(settings: GenerateHarness.settings())
        defer { server.stop() }
        let scratch = try ScratchDirectory("lock")
        defer { scratch.remove() }
        let finished = try ChildProcess(URL(fileURLWithPath: "/bin/true"), [])
        let deadPID = finished.pid
        _ = await finished.wait()

        let stale = scratch.url.appendingPathComponent("stale")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        try Data("\(deadPID)\n".utf8).write(to: stale.appendingPathComponent("generate.lock"))
        let fresh = try await ChildProcess.run(binary, GenerateHarness.arguments(out: stale, server: server, count: 2), environment: GenerateHarness.environment)
        #expect(fresh.status == 0, "a run killed before its manifest can be started again: \(fresh.stderr)")
        #expect(try await RunDirectoryCheck(stale).personas.count == 2)

        let busy = scratch.url.appendingPathComponent("busy")
        let made = try await ChildProcess.run(binary, GenerateHarness.arguments(out: busy, server: server, count: 1), environment: GenerateHarness.environment)
        try #require(made.status == 0)
        let lock = busy.appendingPathComponent("generate.lock")
        try Data("\(getpid())\n".utf8).write(to: lock) // this test process: alive
        let refused = try await ChildProcess.run(binary, GenerateHarness.arguments(out: busy, server: server, count: 3) + ["--resume"], environment: GenerateHarness.environment)
        #expect(refused.status == 64 && refused.stderr.contains("in use"), "exit \(refused.status): \(refused.stderr)")
        #expect(FileManager.default.fileExists(atPath: lock.path), "the live owner's lock stays")
        #expect(try await RunDirectoryCheck(busy).personas.count == 1, "the busy run is untouched")
    }
}
