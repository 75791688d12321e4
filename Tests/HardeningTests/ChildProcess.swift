import Foundation
import Synchronization
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A child process whose stdout and stderr are read concurrently while it runs (never only
/// after exit, which deadlocks once a pipe fills), with signals and a wait deadline.
final class ChildProcess: Sendable {
    /// What a finished child left.
    struct Result: Sendable {
        /// Exit status, or 128 + signal number when a signal ended it.
        let status: Int32
        /// Whether a signal ended it.
        let signalled: Bool
        let stdout: String
        let stderr: String
        /// The child's peak resident set (`VmHWM`, KiB) as last read while it ran (0 if never read).
        let peakResidentKiB: Int
    }

    private let process: Process
    private let output = Mutex((stdout: Data(), stderr: Data()))
    private let readers = DispatchGroup()

    /// Starts `executable` with `arguments` and `environment` (added to a minimal environment).
    init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ["PATH": "/usr/bin:/bin", "NO_COLOR": "1", "TERM": "dumb"]
        for name in ["HOME", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LD_LIBRARY_PATH"] {
            if let value = ProcessInfo.processInfo.environment[name] { env[name] = value }
        }
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        self.process = process
        try process.run()
        for (handle, isOut) in [(out.fileHandleForReading, true), (err.fileHandleForReading, false)] {
            readers.enter()
            let thread = Thread { [self] in
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    self.output.withLock { if isOut { $0.stdout.append(chunk) } else { $0.stderr.append(chunk) } }
                }
                self.readers.leave()
            }
            thread.start()
        }
    }

    /// The child's process id.
    var pid: Int32 { process.processIdentifier }

    /// Whether the child still runs.
    var isRunning: Bool { process.isRunning }

    /// Standard error so far.
    var stderrSoFar: String { output.withLock { String(decoding: $0.stderr, as: UTF8.self) } }

    /// Sends `signal` to the child.
    func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the child to end (killing it after `timeout`), then for both pipes to drain.
    func wait(timeout: Duration = .seconds(60)) -> Result {
        let deadline = ContinuousClock.now + timeout
        var peak = 0
        while process.isRunning {
            if ContinuousClock.now > deadline { send(SIGKILL) }
            peak = max(peak, Self.peakResident(of: process.processIdentifier))
            Thread.sleep(forTimeInterval: 0.005)
        }
        process.waitUntilExit()
        readers.wait()
        let signalled = process.terminationReason == .uncaughtSignal
        let status = signalled ? 128 + process.terminationStatus : process.terminationStatus
        return output.withLock { Result(status: status, signalled: signalled, stdout: String(decoding: $0.stdout, as: UTF8.self),
                                        stderr: String(decoding: $0.stderr, as: UTF8.self), peakResidentKiB: peak) }
    }

    /// `VmHWM` of `/proc/<pid>/status` in KiB (0 when unreadable).
    private static func peakResident(of pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// Runs to completion.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(60)) throws -> Result {
        try ChildProcess(executable, arguments, environment: environment).wait(timeout: timeout)
    }
}

/// The repository's debug-built executables; tests that need one skip visibly when it is absent.
enum Binaries {
    /// `<repo>/.build/debug/<name>` (or `$PERSONABANK_BIN_DIR/<name>`), when it exists and is
    /// the real tool (its `--help` mentions `marker`).
    static func find(_ name: String, helpArguments: [String] = ["--help"], marker: String) -> URL? {
        let directory = ProcessInfo.processInfo.environment["PERSONABANK_BIN_DIR"].map { URL(fileURLWithPath: $0) }
            ?? SharedData.repositoryRoot.appendingPathComponent(".build/debug")
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path),
              let help = try? ChildProcess.run(url, helpArguments, timeout: .seconds(20)),
              (help.stdout + help.stderr).contains(marker) else { return nil }
        return url
    }

    /// The message of a test skipped for want of a binary.
    static func skipMessage(_ name: String) -> String {
        "skipped: .build/debug/\(name) is absent or not yet the real tool (run swift build first)"
    }

    static let generate = find("spb-generate", marker: "--resume")
    static let analyze = find("spb-analyze", helpArguments: ["thresholds", "--help"], marker: "--pairs")
    static let analyzeAudit = find("spb-analyze", helpArguments: ["audit", "--help"], marker: "--skip-invalid")
}
