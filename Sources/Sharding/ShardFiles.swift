/// The file names of sharded embeddings, as `spb-analyze embed --shard I/N` writes them and
/// `spb-analyze dedup` (and the Ray driver) read them: one name per concept.
///
/// Shard `I` of `N` (1-based, like `--shard 3/8`) is three files in the output folder:
/// `embeddings-00003-of-00008.npy` (float32 rows), `embeddings-00003-of-00008.ids.txt` (one record
/// id per line, row-aligned) and `embeddings-00003-of-00008.json` (its manifest, written last, so
/// a shard whose manifest exists is finished).
public enum ShardFiles {
    /// The common stem of shard `index` of `count`, e.g. `embeddings-00003-of-00008`.
    public static func stem(shard index: Int, of count: Int) -> String {
        "embeddings-\(padded(index))-of-\(padded(count))"
    }

    /// The `.npy` matrix of a shard.
    public static func embeddings(shard index: Int, of count: Int) -> String { stem(shard: index, of: count) + ".npy" }

    /// The row-aligned id list of a shard.
    public static func ids(shard index: Int, of count: Int) -> String { stem(shard: index, of: count) + ".ids.txt" }

    /// The manifest of a shard (written last: its presence marks the shard finished).
    public static func manifest(shard index: Int, of count: Int) -> String { stem(shard: index, of: count) + ".json" }

    /// `number` left-padded with zeros to five digits, as every numbered file of a sharded run is named.
    static func padded(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}
