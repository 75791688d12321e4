import CommandLineSupport
import Publishing

/// `spb-analyze publish`: forwards to ``PublishCommandLine`` with live MiniLM and progress on stderr.
enum PublishCommand {
    /// Runs the command; returns the exit status.
    static func run(_ arguments: [String]) async -> Int32 {
        let stages = StageProgress()
        let status = await PublishCommandLine.run(arguments, progress: { stage, done, total in stages.update(stage: stage, completed: done, total: total) })
        stages.finishAll()
        return status
    }
}
