import CommandLineSupport
import Synchronization
import Testing

/// Collects what a reporter writes, and a settable clock.
final class Capture: Sendable {
    let text = Mutex("")
    let now = Mutex(Duration.zero)

    func stream(interactive: Bool) -> ProgressStream {
        ProgressStream(isInteractive: interactive) { chunk in self.text.withLock { $0 += chunk } }
    }

    func advance(_ duration: Duration) { now.withLock { $0 += duration } }
    var output: String { text.withLock { $0 } }
}

@Suite("Progress reporting")
struct ProgressReporterTests {
    @Test("on a terminal: a bar redrawn in place with counts, rate and ETA, then a summary line")
    func terminalBar() {
        let capture = Capture()
        let reporter = ProgressReporter(label: "embedding", total: 100, stream: capture.stream(interactive: true),
                                        elapsed: { capture.now.withLock { $0 } })
        capture.advance(.seconds(2))
        reporter.update(completed: 50, detail: "rejected 3")
        reporter.update(completed: 51)  // throttled: same instant
        capture.advance(.seconds(1))
        reporter.finish(summary: "100 texts")
        reporter.update(completed: 100)  // ignored after finish
        #expect(capture.output == "\rembedding: [############------------]  50/100 (50%)  25/s  ETA 2.0 s  rejected 3\u{1B}[K"
            + "\r\u{1B}[Kembedding: 100 texts (3.0 s)\n")
    }

    @Test("a resumed job's rate and ETA count only the progress made since it started")
    func resumedRate() {
        let capture = Capture()
        let reporter = ProgressReporter(label: "generate", total: 100, stream: capture.stream(interactive: true),
                                        elapsed: { capture.now.withLock { $0 } })
        capture.advance(.seconds(10))
        reporter.update(completed: 60, detail: "", resumedFrom: 50)  // 10 new in 10 s: 1/s, 40 to go
        #expect(capture.output.contains("60/100 (60%)  1.0/s  ETA 40.0 s"), "\(capture.output)")
    }

    @Test("on a pipe: plain lines at most once per interval, no escape codes")
    func plainLines() {
        let capture = Capture()
        let reporter = ProgressReporter(label: "reading", total: nil, stream: capture.stream(interactive: false),
                                        interval: .seconds(5), elapsed: { capture.now.withLock { $0 } })
        reporter.update(completed: 10)  // too early: quick jobs print only the summary
        capture.advance(.seconds(5))
        reporter.update(completed: 1000)
        capture.advance(.seconds(1))
        reporter.update(completed: 1200)
        capture.advance(.seconds(5))
        reporter.update(completed: 3000, detail: "skipped 2")
        reporter.finish(summary: "3000 records")
        #expect(capture.output == "reading: 1000  200/s\nreading: 3000  273/s  skipped 2\nreading: 3000 records (11.0 s)\n")
        #expect(!capture.output.contains("\u{1B}") && !capture.output.contains("\r"))
    }

    @Test("NO_COLOR, TERM=dumb and non-terminals turn the bar off")
    func interactivity() {
        #expect(ProgressStream.allowsRedraw(isTerminal: true, environment: ["TERM": "xterm-256color"]))
        #expect(ProgressStream.allowsRedraw(isTerminal: true, environment: [:]))
        #expect(!ProgressStream.allowsRedraw(isTerminal: false, environment: ["TERM": "xterm"]))
        #expect(!ProgressStream.allowsRedraw(isTerminal: true, environment: ["TERM": "xterm", "NO_COLOR": ""]))
        #expect(!ProgressStream.allowsRedraw(isTerminal: true, environment: ["TERM": "dumb"]))
    }

    @Test("updates from many tasks at once are safe")
    func concurrentUpdates() async {
        let capture = Capture()
        let reporter = ProgressReporter(label: "x", total: 4000, stream: capture.stream(interactive: true), interval: .zero)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask { for index in 0..<1000 { reporter.update(completed: task * 1000 + index) } }
            }
        }
        reporter.finish(summary: "done")
        let lastLine = capture.output.split(separator: "\r").last.map(String.init) ?? ""
        #expect(lastLine.hasPrefix("\u{1B}[Kx: done (") && lastLine.hasSuffix(")\n"))
        #expect(capture.output.components(separatedBy: "\r").count > 100)
    }
}
