import Foundation
import PersonaKit

/// `spb-bench reader`: DatasetReader throughput on generated persona files (~60 MB each).
///
/// Writes 200,000 personas as JSONL, as a JSON array and as a CSV column into a temporary
/// directory, then reads each (strict mode, card validation, default template) once to warm up
/// and three timed times; prints the best. Python counterpart: `Benchmarks/python/dataset_reader.py`
/// (json.loads per line plus the same checks).
func runDatasetReaderBenchmark() throws {
    let count = 200_000
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spb-bench-reader-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let personas = (0..<count).map(benchmarkPersona)
    let jsonl = directory.appendingPathComponent("personas.jsonl")
    try Data(personas.map { $0.jsonLine() + "\n" }.joined().utf8).write(to: jsonl)
    let array = directory.appendingPathComponent("personas.json")
    try Data(("[\n" + personas.map { $0.jsonLine() }.joined(separator: ",\n") + "\n]\n").utf8).write(to: array)
    let csv = directory.appendingPathComponent("personas.csv")
    let rows = personas.map { "\($0.id ?? ""),\"\($0.background.replacingOccurrences(of: "\"", with: "\"\""))\"\n" }
    try Data(("id,background\n" + rows.joined()).utf8).write(to: csv)

    for (name, url, format) in [("jsonl", jsonl, InputFormat.personaJSONL), ("json-array", array, .personaJSONArray),
                                ("csv", csv, .csv(column: "background")), ("text", jsonl, .plainText)] {
        let bytes = Double(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0)
        var best = Double.infinity
        for pass in 0..<4 {
            let start = ContinuousClock.now
            var characters = 0
            let summary = try DatasetReader(url: url, format: format, mode: .strict).read { characters &+= $0.text.utf8.count }
            let elapsed = ContinuousClock.now - start
            precondition(summary.records == count, "every generated record reads back")
            if pass > 0 { best = min(best, elapsed / .seconds(1)) }
        }
        print(String(format: "reader %@: %.0f MB, best %.2f s, %.0f MB/s, %.0f records/s",
                     name, bytes / 1e6, best, bytes / 1e6 / best, Double(count) / best))
    }
}

/// A deterministic persona within the card's limits.
private func benchmarkPersona(_ index: Int) -> Persona {
    let traits = ["patient", "curious", "dry-humoured", "restless", "loyal", "meticulous", "gruff", "nostalgic"]
    let jobs = ["harbour pilot", "clock restorer", "night-shift technician", "beekeeper", "ferry engineer"]
    return Persona(
        name: "Person \(index)", username: index % 3 == 0 ? nil : "user_\(index)", age: 19 + index % 57,
        traits: (0..<(3 + index % 3)).map { traits[(index + $0 * 3) % traits.count] },
        background: "A \(jobs[index % jobs.count]) who maps \"kelp forests\" on days off, number \(index), and sells the charts at a weekend market.",
        chattingStyle: "Short replies, nautical slang, signs off with a wave emoji.", model: "bench", id: "p-\(index)")
}
