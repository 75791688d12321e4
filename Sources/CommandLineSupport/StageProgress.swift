import Synchronization

/// One progress reporter per stage of a job that runs in named stages (the audit's reading, embedding,
/// clustering, …); a new stage finishes the previous one. Thread-safe.
public final class StageProgress: Sendable {
    private let stream: ProgressStream
    private let state = Mutex<(stage: String, reporter: ProgressReporter)?>(nil)

    /// Creates the reporters' owner; nothing is written until the first ``update(stage:completed:total:)``.
    /// - Parameter stream: where the reporters write (default standard error).
    public init(stream: ProgressStream = .standardError) {
        self.stream = stream
    }

    /// Records progress of `stage`, finishing the previous stage's report when this is a new one.
    /// - Parameters:
    ///   - stage: the stage's name, the reporter's label.
    ///   - completed: items of the stage done so far.
    ///   - total: the stage's expected total, when known.
    public func update(stage: String, completed: Int, total: Int?) {
        state.withLock { current in
            if current?.stage != stage {
                current?.reporter.finish(summary: "done")
                current = (stage, ProgressReporter(label: stage, total: total, stream: stream))
            }
            current?.reporter.update(completed: completed)
        }
    }

    /// Finishes the running stage's report.
    public func finishAll() {
        state.withLock { current in
            current?.reporter.finish(summary: "done")
            current = nil
        }
    }
}
