import Analysis
import Foundation
import LinearAlgebra
import PersonaKit

/// `spb-bench audit-scale`: data and scoring for `Benchmarks/audit-scale.sh` (issue 25), the audit
/// from stored embeddings and the partitioned dedup at up to a million personas.
///
/// `generate` writes `personas.jsonl` (ids are row numbers; text from the word lists below, written
/// for this project) and two sets of 384-d unit rows for them, each with `vectors.npy`,
/// `vectors.ids.txt` and `planted-pairs.csv` (row_a,row_b,cosine):
/// - `clustered/`: rows around `count / 1,000` topic centres of Zipf-like sizes (weight ∝ rank^-0.7),
///   row = normalise(√a·centre + √(1−a)·noise), a in [0.2, 0.5] per cluster (sentence embeddings are clustered);
/// - `isotropic/`: normalise(noise): no cluster structure, where k-means partitions help least.
///
/// In both, `--groups` planted groups of 2-4 rows at random positions are near-copies of the
/// group's first row (cosine to it uniform in [0.93, 0.97], the same copies in both sets), and the
/// copies' persona records are the first's with another name and chatting style, so the texts agree.
/// A persona's profession and hobby follow its topic cluster. `evaluate` scores an audit's
/// near-duplicate pairs against the planted pairs ≥ τ (dedup runs are scored by `spb-bench scale evaluate`).
enum AuditScaleBenchmark {
    static let help = """
        usage: spb-bench audit-scale generate [--count N] [--groups G] [--seed S] [--data-dir DIR]
               spb-bench audit-scale evaluate --data-dir DIR/VARIANT --audit OUT --threshold T

        generate   writes DIR/personas.jsonl and DIR/{clustered,isotropic}/{vectors.npy,vectors.ids.txt,planted-pairs.csv};
                   defaults: 1,000,000 personas, count / 50 planted groups, seed 25, DIR Benchmarks/data/audit-scale
        evaluate   compares OUT/report.json (spb-analyze audit) with DIR/VARIANT/planted-pairs.csv at τ
        """

    static let dimension = 384

    static func main(_ arguments: [String]) -> Int32 {
        guard let command = arguments.first, command != "--help", command != "-h" else {
            print(help)
            return arguments.isEmpty ? 64 : 0
        }
        guard let options = ScaleBenchmark.options(after: arguments) else { return ScaleBenchmark.usage("every option needs a value") }
        let directory = URL(fileURLWithPath: options["--data-dir"] ?? "Benchmarks/data/audit-scale")
        do {
            switch command {
            case "generate":
                let known: Set = ["--count", "--groups", "--seed", "--data-dir"]
                let count = options["--count"].map { Int($0) } ?? 1_000_000
                guard options.keys.allSatisfy(known.contains), let count, count >= 10,
                      let groups = options["--groups"].map({ Int($0) }) ?? count / 50, groups >= 0, groups * 4 <= count,
                      let seed = options["--seed"].map({ UInt64($0) }) ?? 25 else { return ScaleBenchmark.usage("bad or unknown generate option") }
                try generate(count: count, groups: groups, seed: seed, directory: directory)
            case "evaluate":
                let known: Set = ["--data-dir", "--audit", "--threshold"]
                guard options.keys.allSatisfy(known.contains), let audit = options["--audit"],
                      let threshold = options["--threshold"].flatMap(Double.init) else { return ScaleBenchmark.usage("evaluate needs --audit and --threshold") }
                try evaluate(directory: directory, audit: URL(fileURLWithPath: audit), threshold: threshold)
            default:
                return ScaleBenchmark.usage("unknown audit-scale command '\(command)'")
            }
            return 0
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
    }

    // MARK: - Data

    static func generate(count: Int, groups groupCount: Int, seed: UInt64, directory: URL) throws {
        let start = ContinuousClock.now
        var random = SeededGenerator(seed: seed)
        let clusters = max(2, count / 1_000)
        var cumulative = [Double](), total = 0.0
        for rank in 0 ..< clusters {
            total += pow(Double(rank + 1), -0.7)
            cumulative.append(total)
        }
        let topic = (0 ..< count).map { _ in
            let target = Double.random(in: 0 ..< total, using: &random)
            var low = 0, high = clusters - 1
            while low < high { let mid = (low + high) / 2; if cumulative[mid] > target { high = mid } else { low = mid + 1 } }
            return low
        }
        var positions = Array(0 ..< count)
        var groups = [[Int]]()
        var used = 0
        for _ in 0 ..< groupCount {
            let size = Int.random(in: 2 ... 4, using: &random)
            for k in 0 ..< size { positions.swapAt(used + k, Int.random(in: (used + k) ..< count, using: &random)) }
            groups.append(positions[used ..< used + size].sorted())
            used += size
        }
        // Each copy: (row, head, cosine to the head, seed of its noise direction), the same in both sets.
        let copies = groups.flatMap { group in
            group.dropFirst().map { row in (row: row, head: group[0], cosine: Float.random(in: 0.93 ... 0.97, using: &random), noise: random.next()) }
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try writePersonas(count: count, topic: topic, headOf: Dictionary(uniqueKeysWithValues: copies.map { ($0.row, $0.head) }), seed: seed,
                          to: directory.appendingPathComponent("personas.jsonl"))
        let ids = Data((0 ..< count).map { "\($0)\n" }.joined().utf8)
        for variant in ["clustered", "isotropic"] {
            let folder = directory.appendingPathComponent(variant)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var vectors = background(count: count, topic: variant == "clustered" ? topic : nil, clusters: clusters, seed: seed)
            for copy in copies {
                var generator = SeededGenerator(seed: copy.noise)
                let noise = (0 ..< dimension).map { _ in ScaleBenchmark.gaussian(&generator) }
                let noiseNorm = noise.reduce(0) { $0 + $1 * $1 }.squareRoot()
                let step = (1 / (copy.cosine * copy.cosine) - 1).squareRoot() / noiseNorm
                let row = (0 ..< dimension).map { vectors[copy.head, $0] + step * noise[$0] }
                let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
                for j in 0 ..< dimension { vectors[copy.row, j] = row[j] / norm }
            }
            var csv = "row_a,row_b,cosine\n"
            for group in groups {
                for (i, a) in group.enumerated() {
                    for b in group[(i + 1)...] { csv += "\(a),\(b),\(BLAS.dot(vectors.row(a), vectors.row(b)))\n" }
                }
            }
            try NotebookFiles.writeNPY(vectors, to: folder.appendingPathComponent("vectors.npy"))
            try ids.write(to: folder.appendingPathComponent("vectors.ids.txt"))
            try Data(csv.utf8).write(to: folder.appendingPathComponent("planted-pairs.csv"))
        }
        print("spb-bench audit-scale generate: \(count) personas × \(dimension), \(clusters) topic clusters, \(groups.count) planted groups "
            + "(\(copies.count + groups.count) rows), seed \(seed), \(AuditBenchmark.seconds(since: start)) → \(directory.path)")
    }

    /// Unit rows: around the `topic` centres (clustered) or pure noise (`topic` nil).
    static func background(count: Int, topic: [Int]?, clusters: Int, seed: UInt64) -> Matrix {
        var random = SeededGenerator(seed: SeededGenerator.mix(seed ^ 0xCE27))
        var centres = Matrix(rows: clusters, columns: dimension)
        for index in 0 ..< clusters * dimension { centres[index / dimension, index % dimension] = ScaleBenchmark.gaussian(&random) }
        Vectors.normalizeRows(&centres)
        let mix = (0 ..< clusters).map { _ in Float.random(in: 0.2 ... 0.5, using: &random) }
        var vectors = Matrix(rows: count, columns: dimension)
        for row in 0 ..< count {
            let noise = (0 ..< dimension).map { _ in ScaleBenchmark.gaussian(&random) }
            let noiseNorm = noise.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard let cluster = topic?[row] else {
                for j in 0 ..< dimension { vectors[row, j] = noise[j] / noiseNorm }
                continue
            }
            let along = mix[cluster].squareRoot(), across = (1 - mix[cluster]).squareRoot() / noiseNorm
            for j in 0 ..< dimension { vectors[row, j] = along * centres[cluster, j] + across * noise[j] }
        }
        Vectors.normalizeRows(&vectors)
        return vectors
    }

    // MARK: - Personas

    static let firstNames = ["Abebe", "Birgit", "Cyrus", "Dilnoza", "Emeka", "Fenna", "Gustavo", "Hyun", "Ilse", "Jomo", "Katya", "Lior",
                             "Mahsa", "Nils", "Oona", "Paulo", "Quilla", "Rashid", "Saoirse", "Tariq", "Ulla", "Vikram", "Wanjiru", "Xiadani",
                             "Yusuf", "Zofia", "Anselm", "Bea", "Casimir", "Dagny"]
    static let lastNames = ["Achterberg", "Bakshi", "Castellanos", "Drozdov", "Eze", "Fonseca", "Gallagher", "Haddad", "Ishikawa", "Jovanović",
                            "Kowalczyk", "Lindqvist", "Mbeki", "Nakashima", "Okonkwo", "Petrović", "Quispe", "Rahimi", "Szabó", "Tanaka",
                            "Uribe", "Valtonen", "Wróbel", "Yilmaz", "Zapata"]
    static let professions = ["lighthouse keeper", "tram driver", "forensic accountant", "orchard manager", "sound engineer", "midwife",
                              "bridge inspector", "pastry chef", "court interpreter", "glacier guide", "piano tuner", "customs officer",
                              "beekeeper", "museum conservator", "ferry mechanic", "hospice nurse", "land surveyor", "radio host",
                              "tailor", "wind-turbine technician", "school counsellor", "bookbinder", "line cook", "veterinary nurse",
                              "night watchman", "map maker", "stone mason", "climate modeller", "street photographer", "locksmith"]
    static let places = ["on a tidal island", "in a border town", "in a shrinking mining town", "in the old quarter of a river city",
                         "in a ski village out of season", "in a commuter suburb", "in a fishing port", "in a university town",
                         "on a high desert plateau", "in a market town on a canal"]
    static let hobbies = ["repairs old bicycles for neighbours", "keeps a logbook of migrating birds", "brews sour beer in the garage",
                          "translates poems nobody asked for", "swims in the sea all winter", "builds ship models from matchsticks",
                          "coaches an under-twelve football team", "collects broken clocks", "grows chillies on a tiny balcony",
                          "plays bass in a wedding band", "rescues retired greyhounds", "maps every bakery within walking distance"]
    static let turns = ["still owes a sister money from a failed cafe", "is learning to read music at fifty",
                        "moved back home to care for a father", "once crossed a strait in a rowing boat", "distrusts anything with a touchscreen",
                        "writes letters to a pen friend abroad", "is quietly saving for a sailing boat", "lost a job to a reorganisation last spring"]
    static let traits = ["wry", "patient", "restless", "meticulous", "warm", "blunt", "curious", "stubborn", "gentle", "sceptical", "generous",
                         "anxious", "playful", "frugal", "loyal", "impulsive", "reserved", "chatty", "principled", "dreamy"]
    static let styles = ["writes in lowercase with no full stops", "answers with a question first", "sends voice-note transcripts full of ums",
                         "uses exactly one emoji per message", "replies in tidy numbered lists", "signs off every message with initials",
                         "quotes old proverbs at odd moments", "types fast and never fixes typos", "keeps every reply under ten words"]

    /// One persona per row; a planted copy repeats its head's profession, place, hobby, turn and traits under another name.
    static func writePersonas(count: Int, topic: [Int], headOf: [Int: Int], seed: UInt64, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw ScaleError("cannot create \(url.path)") }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var buffer = ""
        for row in 0 ..< count {
            let source = headOf[row] ?? row
            var facts = SeededGenerator(seed: SeededGenerator.mix(seed &+ UInt64(source)))
            var person = SeededGenerator(seed: SeededGenerator.mix(seed ^ UInt64(row) &* 0x9E37_79B9))
            let first = firstNames[Int.random(in: 0 ..< firstNames.count, using: &person)]
            let last = lastNames[Int.random(in: 0 ..< lastNames.count, using: &person)]
            let cluster = topic[source]
            let profession = professions[cluster % professions.count]
            let hobby = hobbies[(cluster / professions.count + Int.random(in: 0 ..< 2, using: &facts)) % hobbies.count]
            let place = places[Int.random(in: 0 ..< places.count, using: &facts)]
            let turn = turns[Int.random(in: 0 ..< turns.count, using: &facts)]
            var chosen = traits
            chosen.shuffle(using: &facts)
            let style = styles[Int.random(in: 0 ..< styles.count, using: &person)]
            let persona = Persona(name: "\(first) \(last)", username: nil, age: Int.random(in: 19 ... 78, using: &facts), traits: Array(chosen.prefix(3)),
                                  background: "\(first) works as a \(profession) \(place), \(hobby), and \(turn).",
                                  chattingStyle: style.prefix(1).uppercased() + style.dropFirst() + ".",
                                  id: String(row))
            buffer += persona.jsonLine() + "\n"
            if buffer.utf8.count > 1 << 22 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
    }

    // MARK: - Scoring

    /// Prints the audit's pairs ≥ τ and near-duplicate items against the planted pairs ≥ τ, and its stated source and memory.
    static func evaluate(directory: URL, audit: URL, threshold: Double) throws {
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: audit.appendingPathComponent("report.json"))) as? [String: Any] ?? [:]
        let input = report["input"] as? [String: Any] ?? [:]
        let near = report["nearDuplicates"] as? [String: Any] ?? [:]
        let csv = try String(contentsOf: directory.appendingPathComponent("planted-pairs.csv"), encoding: .utf8)
        var planted = 0, plantedRows = Set<Int>()
        for line in csv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",")
            guard fields.count == 3, let a = Int(fields[0]), let b = Int(fields[1]), let score = Double(fields[2]), score >= threshold else { continue }
            planted += 1
            plantedRows.formUnion([a, b])
        }
        let peak = (report["peakResidentBytes"] as? Int).map { String(format: "%.2f GB", Double($0) / 1e9) } ?? "unknown"
        print(String(format: "audit of %d items at τ %.2f: %d pairs ≥ τ (planted: %d), %d items in %d near-duplicate clusters (planted rows ≥ τ: %d); "
                + "peak RSS (report) %@; embeddings: %@", input["count"] as? Int ?? 0, threshold, near["pairCount"] as? Int ?? 0, planted,
            near["itemsInClusters"] as? Int ?? 0, near["clusterCount"] as? Int ?? 0, plantedRows.count, peak, input["embeddingsSource"] as? String ?? "?"))
    }
}
