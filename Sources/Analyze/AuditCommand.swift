import Analysis
import Sharding

/// `spb-analyze audit`: options, parsing and the run live in `Analysis.AuditCommandLine` (so tests reach
/// them); this file supplies MiniLM, the reader of stored embeddings (`Sharding.AuditEmbeddings`) and the partitioned
/// pair search past `--exact-below` (`Sharding`'s, as `dedup` runs it).
enum AuditCommand {
    /// Runs the command; returns the exit status.
    static func run(_ arguments: [String]) async -> Int32 {
        await AuditCommandLine.run(arguments, models: .miniLM(storedEmbeddings: AuditEmbeddings.loadForMiniLM, pairSearch: .partitioned()))
    }
}
