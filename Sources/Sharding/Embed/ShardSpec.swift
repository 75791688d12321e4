import CommandLineSupport

/// Which part of an input a run embeds: shard `index` of `count`, 1-based (`--shard 3/8`).
///
/// The rule: records (0-based, in input order, counting only the records that are read, so
/// `--skip-invalid` drops happen before the split) are cut into blocks of `blockSize` consecutive
/// records, the last one possibly shorter, and block `b` of `B` belongs to shard `⌊b·N/B⌋ + 1`.
/// Shards are therefore contiguous, ordered ranges of whole blocks whose sizes differ by at most one
/// block, and shards 1…N concatenated are the input in order. A block is one encoder batch
/// (`EmbedCommandLine.recordsPerBlock`), so no shard boundary splits a batch: that is what makes the
/// shards' embeddings the whole input's, bit for bit.
public struct ShardSpec: Sendable, Equatable, CustomStringConvertible {
    /// The shard, `1 … count`.
    public let index: Int
    /// How many shards the input is cut into.
    public let count: Int

    /// The whole input, `1/1`.
    public static let whole = ShardSpec(validIndex: 1, count: 1)

    private init(validIndex: Int, count: Int) {
        self.index = validIndex
        self.count = count
    }

    /// Shard `index` of `count`.
    /// - Throws: `UsageError` unless `1 ≤ index ≤ count`.
    public init(index: Int, count: Int) throws(UsageError) {
        guard count >= 1 else { throw UsageError("--shard needs at least one shard, got \(index)/\(count)", hint: Self.hint) }
        guard (1 ... count).contains(index) else {
            throw UsageError("--shard \(index)/\(count): the shard number must be between 1 and \(count)", hint: Self.hint)
        }
        self.init(validIndex: index, count: count)
    }

    /// Parses `I/N`.
    /// - Throws: `UsageError` for anything but two integers with `1 ≤ I ≤ N`.
    public init(parsing text: String) throws(UsageError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw UsageError("--shard expects I/N (shard I of N, 1-based), got '\(text)'", hint: Self.hint)
        }
        try self.init(index: index, count: count)
    }

    private static let hint = "e.g. --shard 2/4 embeds the second of four equal parts"

    /// The record indices (0-based, half-open) of this shard of `total` records cut into blocks of
    /// `blockSize`: blocks `⌈(I−1)·B/N⌉ ..< ⌈I·B/N⌉` of the `B = ⌈total/blockSize⌉`, exactly the blocks
    /// `b` with `⌊b·N/B⌋ = I − 1`, as record indices (the last block ends at `total`).
    /// - Precondition: `blockSize ≥ 1`.
    public func records(of total: Int, blockSize: Int) -> Range<Int> {
        precondition(blockSize >= 1, "blocks need at least one record")
        let blocks = (total + blockSize - 1) / blockSize
        func ceilingShare(_ part: Int) -> Int { min(total, (part * blocks + count - 1) / count * blockSize) }
        return ceilingShare(index - 1) ..< ceilingShare(index)
    }

    /// `I/N`.
    public var description: String { "\(index)/\(count)" }
}
