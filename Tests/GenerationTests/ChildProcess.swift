import Foundation
import Synchronization

/// Runs an executable to completion, reading its stdout and stderr while it runs (each on its own
/// thread, so a chatty child never blocks on a full pipe), with a wall-clock limit.
struct ChildProcess {
    /// What the child left behind.
    struct Outcome: Sendable {
        /// The exit status (or the signal number when it was killed).
        var status: Int32
        /// Whether the child hit the time limit and was terminated.
        var timedOut: Bool
        /// Everything written to stdout.
        var stdout: String
        /// Everything written to stderr.
        var stderr: String
        /// Wall time from launch to exit.
        var elapsed: Duration
    }

    /// The program to run.
    var executable: URL
    /// Its arguments.
    var arguments: [String]
    /// Variables added to (or replacing) the inherited environment.
    var environment: [String: String] = [:]
    /// Terminated (SIGTERM, then SIGKILL 5 s later) after this long.
    var timeLimit: Duration

    /// Launches the child and waits for it without blocking a Swift concurrency pool thread.
    ///
    /// - Returns: The exit status and the captured output.
    /// - Throws: When the executable cannot be launched.
    func run() async throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        let started = ContinuousClock.now
        let timedOut = Mutex(false)
        let limit = timeLimit
        // Exit is observed through terminationHandler: Foundation's waitUntilExit() on Linux spins
        // its run loop and burns a core, which here would be taken from the LLM server.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Outcome, Error>) in
            do {
                try process.run()
            } catch {
                continuation.resume(throwing: error)
                return
            }
            let pid = process.processIdentifier
            let readers = DispatchGroup()
            let captured = Mutex([Data(), Data()])
            for (index, pipe) in [stdout, stderr].enumerated() {
                readers.enter()
                Thread {
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    captured.withLock { $0[index] = data }
                    readers.leave()
                }.start()
            }
            Thread {
                if exited.wait(timeout: .now() + limit.timeInterval) == .timedOut {
                    timedOut.withLock { $0 = true }
                    kill(pid, SIGTERM)
                    if exited.wait(timeout: .now() + 5) == .timedOut {
                        kill(pid, SIGKILL)
                        exited.wait()
                    }
                }
                readers.wait()
                let texts = captured.withLock { $0 }.map { String(decoding: $0, as: UTF8.self) }
                continuation.resume(returning: Outcome(status: process.terminationStatus, timedOut: timedOut.withLock { $0 },
                                                       stdout: texts[0], stderr: texts[1], elapsed: ContinuousClock.now - started))
            }.start()
        }
    }
}

extension Duration {
    /// The duration in seconds, for Dispatch deadlines.
    var timeInterval: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
