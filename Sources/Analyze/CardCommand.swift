import CommandLineSupport
import Publishing

/// `spb-analyze card`: forwards to ``CardCommandLine`` with live MiniLM and progress on stderr.
enum CardCommand {
    /// Runs the command; returns the exit status.
    static func run(_ arguments: [String]) async -> Int32 {
        let stages = StageProgress()
        let status = await CardCommandLine.run(arguments, progress: { stage, done, total in stages.update(stage: stage, completed: done, total: total) })
        stages.finishAll()
        return status
    }
}
