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

    /// Shard `index` of `count`; nil unless `1 ≤ index ≤ count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, (1 ... count).contains(index) else { return nil }
        self.init(validIndex: index, count: count)
    }

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
