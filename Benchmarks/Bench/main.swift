import Foundation

// `spb-bench <benchmark> [options]`: release-built benchmarks, one file each; one `case` line
// per benchmark below, plus a line in `usage`.
let usage = """
    usage: spb-bench <benchmark> [options]

    benchmarks:
      index      VectorIndex top-k search and self-join against the machine's sgemm peak (and faiss); --help for options
      tokenizer  BertTokenizer throughput
      encoder    MiniLM encoder throughput on 2,000 persona-like texts (and sentence-transformers); --precision fp32|bf16|int8
      precision-gate  whether a reduced encoder precision keeps the gate's decisions on the persona pairs (dev, test)
      audit      spb-analyze audit end to end: [n] (stored embeddings, default 100,000) or raw [n] (JSONL + MiniLM, default 5,000)
      reader     DatasetReader throughput on 200,000 generated personas (JSONL, JSON array, CSV, text)
      parquet    one DatasetReader pass over a Parquet persona file: records, seconds, peak resident memory (Benchmarks/parquet-read.sh)
      threshold-sweep  exact 30-τ dedup sweep from one self-join vs 30 greedy runs (and numpy)
      gate       the semantic gate's cost per candidate: --accepted N (100,000) --score cosine|fields (fields) --candidates M (200)
      scale      data and scoring for partitioned dedup at 1,000,000 vectors (Benchmarks/scale.sh runs spb-analyze dedup on it)
      audit-scale  personas with clustered and isotropic stored embeddings for audit --embeddings and dedup (Benchmarks/audit-scale.sh)
    """

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "index": exit(IndexBenchmark.main(Array(arguments.dropFirst())))
    case "tokenizer": try runTokenizerBenchmark()
    case "reader": try runDatasetReaderBenchmark()
    case "parquet": exit(ParquetReadBenchmark.main(Array(arguments.dropFirst())))
    case "encoder": exit(await EncoderBenchmark.run(Array(arguments.dropFirst())))
    case "precision-gate": exit(await PrecisionGateBenchmark.run(Array(arguments.dropFirst())))
    case "audit": try await AuditBenchmark.run(Array(arguments.dropFirst()))
    case "threshold-sweep": runThresholdSweepBenchmark()
    case "scale": exit(ScaleBenchmark.main(Array(arguments.dropFirst())))
    case "audit-scale": exit(AuditScaleBenchmark.main(Array(arguments.dropFirst())))
    case "gate": exit(await GateBenchmark.run(Array(arguments.dropFirst())))
    case "--help", "-h": print(usage)
    case let name:
        let problem = name.map { "unknown benchmark '\($0)'" } ?? "no benchmark named"
        FileHandle.standardError.write(Data("error: \(problem)\n\(usage)\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
