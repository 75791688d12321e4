import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process whose stdout and stderr are read concurrently while it runs (never only after exit,
/// which deadlocks once a pipe fills), with signals, a wait deadline and the child's peak memory.
///
/// The child gets a minimal environment (`PATH`, `NO_COLOR=1`, `TERM=dumb`, and `HOME`, `LD_LIBRARY_PATH` and
/// OpenBLAS's settings when set) plus `environment`, so what a test sees does not depend on the shell it ran from.
public final class ChildProcess: Sendable {
    /// What a finished child left.
    public struct Result: Sendable {
        /// Exit status, or 128 + signal number when a signal ended it.
        public let status: Int32
        /// Whether a signal ended it.
        public let signalled: Bool
        /// Whether it outlived the wait's deadline and was stopped (SIGTERM, then SIGKILL 5 s later).
        public let timedOut: Bool
        /// Everything written to stdout.
        public let stdout: String
        /// Everything written to stderr.
        public let stderr: String
        /// The child's peak resident set (`VmHWM`, KiB) as last read while it ran (0 if never read).
        public let peakResidentKiB: Int
        /// Wall time from launch to exit.
        public let elapsed: Duration
    }

    private let process: Process
    private let started = ContinuousClock.now
    private let output = Mutex((stdout: Data(), stderr: Data()))
    private let readers = DispatchGroup()

    /// Starts `executable` with `arguments`, `environment` added to a minimal one, in `directory` (the test's when nil).
    /// - Throws: when the executable cannot be launched.
    public init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws {
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
    public var pid: Int32 { process.processIdentifier }

    /// Whether the child still runs.
    public var isRunning: Bool { process.isRunning }

    /// Standard error so far.
    public var stderrSoFar: String { output.withLock { String(decoding: $0.stderr, as: UTF8.self) } }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the child to end (stopping it once `timeout` has passed: SIGTERM, then SIGKILL 5 s later), then
    /// for both pipes to drain, on a thread of its own: the Swift concurrency pool stays free for the test's
    /// in-process servers, which the child may be waiting on.
    public func wait(timeout: Duration = .seconds(60)) async -> Result {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.wait(timeout: timeout)) }.start()
        }
    }

    /// ``wait(timeout:)``, blocking the calling thread: for synchronous code only (a static initializer).
    public func wait(timeout: Duration = .seconds(60)) -> Result {
        let deadline = ContinuousClock.now + timeout
        var peak = 0, timedOut = false
        while process.isRunning {
            let now = ContinuousClock.now
            if now > deadline + .seconds(5) {
                send(SIGKILL)
            } else if now > deadline, !timedOut {
                timedOut = true
                send(SIGTERM)
            }
            peak = max(peak, Self.peakResident(of: process.processIdentifier))
            Thread.sleep(forTimeInterval: 0.005)
        }
        process.waitUntilExit()
        readers.wait()
        let signalled = process.terminationReason == .uncaughtSignal
        let status = signalled ? 128 + process.terminationStatus : process.terminationStatus
        return output.withLock { Result(status: status, signalled: signalled, timedOut: timedOut, stdout: String(decoding: $0.stdout, as: UTF8.self),
                                        stderr: String(decoding: $0.stderr, as: UTF8.self), peakResidentKiB: peak, elapsed: ContinuousClock.now - started) }
    }

    /// `VmHWM` of `/proc/<pid>/status` in KiB (0 when unreadable).
    private static func peakResident(of pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// Runs `executable` to completion without holding a thread of the Swift concurrency pool (``wait(timeout:)``).
    /// - Throws: when the executable cannot be launched.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:],
                           timeout: Duration = .seconds(60)) async throws -> Result {
        try await ChildProcess(executable, arguments, environment: environment).wait(timeout: timeout)
    }

    /// Runs `executable` to completion, blocking the calling thread: for synchronous code only (a static initializer).
    /// - Throws: when the executable cannot be launched.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:],
                           timeout: Duration = .seconds(60)) throws -> Result {
        try ChildProcess(executable, arguments, environment: environment).wait(timeout: timeout)
    }
}
