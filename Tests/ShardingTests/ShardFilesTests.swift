import Sharding
import Testing

@Suite("Shard file names")
struct ShardFilesTests {
    @Test("shard I of N names its three files with a zero-padded, sortable stem")
    func names() {
        #expect(ShardFiles.embeddings(shard: 3, of: 8) == "embeddings-00003-of-00008.npy")
        #expect(ShardFiles.ids(shard: 3, of: 8) == "embeddings-00003-of-00008.ids.txt")
        #expect(ShardFiles.manifest(shard: 12, of: 100) == "embeddings-00012-of-00100.json")
        #expect(ShardFiles.stem(shard: 2, of: 10) < ShardFiles.stem(shard: 10, of: 10), "lexical order is shard order")
    }
}
