import Foundation
import Synchronization

/// Where progress goes, and whether it may be redrawn in place.
public struct ProgressStream: Sendable {
    /// True for a terminal that accepts `\r` redraws and escape sequences.
    public let isInteractive: Bool
    /// Writes text as is.
    public let write: @Sendable (String) -> Void

    /// Creates a stream (tests capture output with one).
    public init(isInteractive: Bool, write: @escaping @Sendable (String) -> Void) {
        self.isInteractive = isInteractive
        self.write = write
    }

    /// Standard error; interactive when it is a terminal and neither `NO_COLOR` is set nor
    /// `TERM` is `dumb`.
    public static var standardError: ProgressStream {
        ProgressStream(isInteractive: allowsRedraw(isTerminal: isatty(2) == 1, environment: ProcessInfo.processInfo.environment),
                       write: StandardError.write)
    }

    /// Whether redrawn output suits a stream: it must be a terminal, `NO_COLOR` unset and
    /// `TERM` not `dumb`.
    ///
    /// - Parameters:
    ///   - isTerminal: whether the stream is a TTY (`isatty`).
    ///   - environment: the process environment.
    public static func allowsRedraw(isTerminal: Bool, environment: [String: String]) -> Bool {
        guard isTerminal, environment["NO_COLOR"] == nil else { return false }
        return environment["TERM"] != "dumb"
    }
}

/// Reports the progress of a long job on stderr: a bar redrawn in place with counts, rate and
/// ETA on a terminal; plain throttled lines (one every few seconds) on a pipe or log. Thread-safe.
public final class ProgressReporter: Sendable {
    private struct State {
        var completed = 0
        var lastReport: Duration?
        var finished = false
        var drewBar = false
    }

    /// What is being counted, e.g. `embedding`.
    public let label: String
    /// The expected total, when known (no bar or ETA without it).
    public let total: Int?
    private let stream: ProgressStream
    private let interval: Duration
    private let elapsed: @Sendable () -> Duration
    private let state = Mutex(State())

    /// Creates a reporter; nothing is written until the first ``update(completed:detail:)``.
    ///
    /// - Parameters:
    ///   - label: what is being counted.
    ///   - total: the expected total, or nil.
    ///   - stream: where to write (default standard error).
    ///   - interval: the least time between reports (default 0.1 s on a terminal, 5 s otherwise).
    ///   - elapsed: time since the start (injectable for tests; default a monotonic clock).
    public init(label: String, total: Int?, stream: ProgressStream = .standardError, interval: Duration? = nil,
                elapsed: (@Sendable () -> Duration)? = nil) {
        self.label = label
        self.total = total
        self.stream = stream
        self.interval = interval ?? (stream.isInteractive ? .milliseconds(100) : .seconds(5))
        if let elapsed {
            self.elapsed = elapsed
        } else {
            let start = ContinuousClock.now
            self.elapsed = { ContinuousClock.now - start }
        }
    }

    /// Records that `completed` items are done; writes a report unless one was written less
    /// than the interval ago (the first update always reports on a terminal).
    ///
    /// - Parameters:
    ///   - completed: items done so far.
    ///   - detail: a short note, e.g. `rejected 12`.
    ///   - resumedFrom: items that were already done when this job started (a resumed run);
    ///     rate and ETA count only the progress made since.
    public func update(completed: Int, detail: String = "", resumedFrom: Int = 0) {
        let now = elapsed()
        state.withLock { state in
            guard !state.finished else { return }
            state.completed = completed
            if let last = state.lastReport, now - last < interval { return }
            if state.lastReport == nil, !stream.isInteractive, now < interval {
                // On a pipe the first line waits one interval, so quick jobs print only their summary.
                return
            }
            state.lastReport = now
            if stream.isInteractive {
                stream.write("\r" + line(completed: completed, resumedFrom: resumedFrom, detail: detail, now: now, bar: true) + "\u{1B}[K")
                state.drewBar = true
            } else {
                stream.write(line(completed: completed, resumedFrom: resumedFrom, detail: detail, now: now, bar: false) + "\n")
            }
        }
    }

    /// Ends the report with `label: summary (elapsed)` on its own line; later updates are ignored.
    ///
    /// - Parameter summary: the outcome, e.g. `5000 personas, 12 rejected`.
    public func finish(summary: String) {
        let now = elapsed()
        state.withLock { state in
            guard !state.finished else { return }
            state.finished = true
            let prefix = state.drewBar ? "\r\u{1B}[K" : ""
            stream.write(prefix + "\(label): \(summary) (\(Self.format(seconds: now / .seconds(1))))\n")
        }
    }

    private func line(completed: Int, resumedFrom: Int, detail: String, now: Duration, bar: Bool) -> String {
        let seconds = now / .seconds(1)
        let rate = seconds > 0 ? Double(max(completed - resumedFrom, 0)) / seconds : 0
        var parts: [String] = []
        if let total, total > 0 {
            let fraction = min(max(Double(completed) / Double(total), 0), 1)
            if bar {
                let width = 24
                let filled = Int((fraction * Double(width)).rounded(.down))
                parts.append("[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]")
            }
            parts.append("\(completed)/\(total) (\(Int((fraction * 100).rounded(.down)))%)")
        } else {
            parts.append("\(completed)")
        }
        parts.append(rate >= 10 ? "\(Int(rate.rounded()))/s" : String(format: "%.1f/s", rate))
        if let total, rate > 0, completed < total {
            parts.append("ETA " + Self.format(seconds: Double(total - completed) / rate))
        }
        if !detail.isEmpty { parts.append(detail) }
        return "\(label): " + parts.joined(separator: "  ")
    }

    /// `12.3 s` under a minute, `4:05` under an hour, `1:02:03` beyond.
    static func format(seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        let (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, secs) : String(format: "%d:%02d", minutes, secs)
    }
}
