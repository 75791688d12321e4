import CommandLineSupport
import Embedding
import Foundation
import LinearAlgebra
import PersonaKit
import Sharding
import Synchronization
import Testing
import TestSupport

/// Runs `spb-analyze embed` in-process and keeps what it printed.
struct EmbedRun {
    let status: Int32
    let output: String
    let errors: String

    static func run(_ arguments: [String], encoder: @escaping EmbedCommandLine.EncoderLoader = EmbedRun.unusedEncoder) async -> EmbedRun {
        let output = Mutex(""), errors = Mutex("")
        let status = await EmbedCommandLine.run(arguments, encoder: encoder, output: { text in output.withLock { $0 += text } },
                                                errorOutput: { text in errors.withLock { $0 += text } },
                                                progress: ProgressStream(isInteractive: false, write: { text in errors.withLock { $0 += text } }))
        return EmbedRun(status: status, output: output.withLock { $0 }, errors: errors.withLock { $0 })
    }

    /// For runs that must fail (or skip) before any embedding.
    static let unusedEncoder: EmbedCommandLine.EncoderLoader = { _, _ in throw CancellationError() }
}

/// A fresh temporary folder per test.
private func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("embed-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// `count` persona JSONL lines with ids `p-001`…, texts of varied length (so length-sorted
/// batches differ between the whole input and its shards).
private func personaLines(_ count: Int) -> [String] {
    let jobs = ["baker", "marine biologist", "night-shift nurse", "retired judge", "bike courier", "luthier", "tax auditor"]
    let hobbies = ["restores radios", "keeps bees", "runs ultramarathons", "collects maps", "plays chess by mail", "paints birds"]
    var generator = SplitMix64(seed: 7)
    return (1 ... count).map { number in
        let clauses = (0 ..< (number % 5 + 1)).map { hobbies[($0 + number) % hobbies.count] }.joined(separator: " and ")
        let object: [String: Any] = [
            "id": String(format: "p-%03d", number), "name": "Person \(number)", "username": NSNull(), "age": 20 + number % 50,
            "traits": ["curious", "patient", "stubborn"].shuffled(using: &generator),
            "background": "A \(jobs[number % jobs.count]) who \(clauses). Note \(number).",
            "chatting_style": String(repeating: "short replies, ", count: number % 4 + 1) + "dry jokes",
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// The `.npy` header length (from its own header) and the payload after it.
private func npyPayload(_ url: URL) throws -> (header: String, payload: Data) {
    let data = try Data(contentsOf: url)
    let length = Int(data[8]) | Int(data[9]) << 8
    return (String(decoding: data[10 ..< 10 + length], as: UTF8.self), data.subdata(in: (10 + length) ..< data.count))
}

private func file(_ directory: URL, shard: Int, of count: Int, _ name: (Int, Int) -> String) -> URL {
    directory.appendingPathComponent(name(shard, count))
}

@Suite("spb-analyze embed: shards with MiniLM", .serialized)
struct EmbedShardTests {
    @Test("shards 1..3 of 3 concatenate to --shard 1/1 byte for byte, ids likewise; manifests are right")
    func shardsConcatenate() async throws {
        guard let model = SharedData.modelDirectory else {
            print("skipped: models/all-MiniLM-L6-v2 is absent (run bash scripts/setup.sh)")
            return
        }
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("people.jsonl")
        try (personaLines(70).joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        let encoder: EmbedCommandLine.EncoderLoader = { threads, precision in
            try EmbedCommandLine.miniLM(modelDirectory: model, threads: threads, precision: precision)
        }
        let whole = directory.appendingPathComponent("whole"), parts = directory.appendingPathComponent("parts")

        let single = await EmbedRun.run([input.path, "--out", whole.path], encoder: encoder)
        #expect(single.status == 0, "\(single.errors)")
        #expect(single.errors.contains("texts/s"), "the rate is reported at the end: \(single.errors)")
        for shard in 1 ... 3 {
            let run = await EmbedRun.run([input.path, "--out=\(parts.path)", "--shard", "\(shard)/3"], encoder: encoder)
            #expect(run.status == 0, "\(run.errors)")
        }

        let (wholeHeader, wholePayload) = try npyPayload(file(whole, shard: 1, of: 1, ShardFiles.embeddings))
        #expect(wholeHeader.contains("'descr': '<f4'") && wholeHeader.contains("'shape': (70, 384)"))
        #expect(wholePayload.count == 70 * 384 * 4)
        var joined = Data(), joinedIDs = "", rows = [Int]()
        for shard in 1 ... 3 {
            let (header, payload) = try npyPayload(file(parts, shard: shard, of: 3, ShardFiles.embeddings))
            rows.append(payload.count / (384 * 4))
            #expect(header.contains("'shape': (\(payload.count / (384 * 4)), 384)"))
            joined.append(payload)
            joinedIDs += try String(contentsOf: file(parts, shard: shard, of: 3, ShardFiles.ids), encoding: .utf8)
        }
        #expect(rows == [32, 32, 6], "70 records are blocks of 32, 32 and 6; block b of 3 goes to shard floor(b*3/3)+1")
        #expect(joined == wholePayload, "the shards' rows are the unsharded rows, bit for bit")
        let wholeIDs = try String(contentsOf: file(whole, shard: 1, of: 1, ShardFiles.ids), encoding: .utf8)
        #expect(joinedIDs == wholeIDs)
        #expect(wholeIDs.split(separator: "\n").first == "p-001" && wholeIDs.split(separator: "\n").count == 70)

        // Rows are unit vectors (a sanity check that they are embeddings, not zeros).
        let first = wholePayload.prefix(384 * 4)
        let norm = stride(from: 0, to: first.count, by: 4).map { offset -> Float in
            let index = first.startIndex + offset
            let value = Float(bitPattern: UInt32(first[index]) | UInt32(first[index + 1]) << 8 | UInt32(first[index + 2]) << 16 | UInt32(first[index + 3]) << 24)
            return value * value
        }.reduce(0, +)
        #expect(abs(norm - 1) < 1e-4)

        // The manifest of shard 2/3, checked against an independent SHA-256 (TestSupport's).
        let manifestData = try Data(contentsOf: file(parts, shard: 2, of: 3, ShardFiles.manifest))
        let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        let npyBytes = try Data(contentsOf: file(parts, shard: 2, of: 3, ShardFiles.embeddings))
        #expect(manifest["npy_sha256"] as? String == sha256Hex(npyBytes))
        #expect(manifest["npy_bytes"] as? Int == npyBytes.count)
        #expect(manifest["ids_sha256"] as? String == sha256Hex(try Data(contentsOf: file(parts, shard: 2, of: 3, ShardFiles.ids))))
        #expect(manifest["model"] as? String == "minilm:all-MiniLM-L6-v2")
        #expect(manifest["embeddings_source"] as? String == "encoded")
        #expect(manifest["text_template"] as? String == "default")
        #expect(manifest["text_template_source"] as? String == PersonaTextTemplate.default.source)
        #expect(manifest["count"] as? Int == 32 && manifest["first_record"] as? Int == 32 && manifest["last_record"] as? Int == 63)
        #expect(manifest["total_records"] as? Int == 70 && manifest["skipped_records"] as? Int == 0)
        #expect(manifest["shard"] as? Int == 2 && manifest["shards"] as? Int == 3 && manifest["dimension"] as? Int == 384)
        #expect(manifest["input_path"] as? String == input.path && manifest["input_format"] as? String == "jsonl")
        let inputSize = try FileManager.default.attributesOfItem(atPath: input.path)[.size] as? NSNumber
        #expect(manifest["input_bytes"] as? Int == inputSize?.intValue)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: parts.path).filter { $0.hasSuffix(".partial") }
        #expect(leftovers.isEmpty, "temporary files are renamed into place")
    }
}

@Suite("spb-analyze embed: resuming, errors and help")
struct EmbedCommandTests {
    /// A small text input embedded with the lexical stand-in encoder (no model needed).
    private let lexical: EmbedCommandLine.EncoderLoader = { _, _ in HashedNGramEncoder(dimension: 64) }

    private func textInput(in directory: URL, lines: Int = 40) throws -> URL {
        let url = directory.appendingPathComponent("texts.txt")
        try ((1 ... lines).map { "Line \($0): a persona who \(String(repeating: "travels ", count: $0 % 3 + 1))." }.joined(separator: "\n") + "\n")
            .write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    private func setOldDate(_ url: URL) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: url.path)
    }

    private func modified(_ url: URL) throws -> Date? {
        try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
    }

    @Test("a finished shard is skipped (files untouched); a missing manifest or a corrupt .npy makes it redo")
    func resumes() async throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try textInput(in: directory)
        let out = directory.appendingPathComponent("out")
        let arguments = [input.path, "--out", out.path, "--shard", "2/4"]
        #expect(await EmbedRun.run(arguments, encoder: lexical).status == 0)
        let npy = file(out, shard: 2, of: 4, ShardFiles.embeddings), manifest = file(out, shard: 2, of: 4, ShardFiles.manifest)
        let original = try Data(contentsOf: npy)
        try setOldDate(npy)

        let again = await EmbedRun.run(arguments)  // would fail (exit 1) if it tried to load an encoder
        #expect(again.status == 0)
        #expect(again.errors.contains("already finished"), "\(again.errors)")
        #expect(try modified(npy) == Date(timeIntervalSince1970: 1_000_000), "the finished shard was not rewritten")

        try FileManager.default.removeItem(at: manifest)
        let redo = await EmbedRun.run(arguments, encoder: lexical)
        #expect(redo.status == 0)
        #expect(!redo.errors.contains("already finished"))
        #expect(try modified(npy) != Date(timeIntervalSince1970: 1_000_000), "a shard without a manifest is redone")
        #expect(FileManager.default.fileExists(atPath: manifest.path))
        #expect(try Data(contentsOf: npy) == original)

        var corrupt = original
        corrupt[corrupt.count - 1] ^= 0xFF
        try corrupt.write(to: npy)
        let repaired = await EmbedRun.run(arguments, encoder: lexical)
        #expect(repaired.status == 0)
        #expect(repaired.errors.contains("does not match the checksums"), "\(repaired.errors)")
        #expect(try Data(contentsOf: npy) == original)
    }

    @Test("--shard 0/3, 4/3, x, 1/0 and 2/ exit 64 naming the problem", arguments: ["0/3", "4/3", "x", "1/0", "2/", "-1/3"])
    func badShard(_ value: String) async throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try textInput(in: directory)
        let run = await EmbedRun.run([input.path, "--out", directory.path, "--shard=\(value)"])
        #expect(run.status == 64)
        #expect(run.errors.hasPrefix("error: --shard"), "\(run.errors)")
        #expect(run.errors.contains("hint: "))
    }

    @Test("a malformed record exits 65 naming file:line; --skip-invalid skips it and records the count")
    func badInput() async throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("broken.jsonl")
        var lines = personaLines(12)
        lines[4] = "{\"id\": \"p-005\", \"name\": "
        try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        let strict = await EmbedRun.run([input.path, "--out", directory.appendingPathComponent("a").path])
        #expect(strict.status == 65)
        #expect(strict.errors.contains("broken.jsonl:5"), "\(strict.errors)")

        let out = directory.appendingPathComponent("b")
        let skipping = await EmbedRun.run([input.path, "--out", out.path, "--skip-invalid"], encoder: lexical)
        #expect(skipping.status == 0, "\(skipping.errors)")
        let manifest = try #require(ShardManifest.read(file(out, shard: 1, of: 1, ShardFiles.manifest)))
        #expect(manifest.totalRecords == 11 && manifest.skippedRecords == 1 && manifest.count == 11)
        let ids = try String(contentsOf: file(out, shard: 1, of: 1, ShardFiles.ids), encoding: .utf8).split(separator: "\n")
        #expect(!ids.contains("p-005") && ids.count == 11)

        let missing = await EmbedRun.run([directory.appendingPathComponent("nope.jsonl").path])
        #expect(missing.status == 65)
    }

    @Test("text, CSV --column and JSONL --text-field inputs use line numbers as ids")
    func otherFormats() async throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try textInput(in: directory, lines: 5)
        let csv = directory.appendingPathComponent("t.csv")
        try "id,bio\n1,\"A cook, retired\"\n2,A pilot\n".write(to: csv, atomically: true, encoding: .utf8)
        let jsonl = directory.appendingPathComponent("t.jsonl")
        try "{\"bio\": \"A poet\"}\n\n{\"bio\": \"A smith\"}\n".write(to: jsonl, atomically: true, encoding: .utf8)
        for (arguments, expected, format) in [([text.path], ["1", "2", "3", "4", "5"], "text"), ([csv.path, "--column", "bio"], ["2", "3"], "csv:bio"),
                                              ([jsonl.path, "--text-field", "bio"], ["1", "3"], "jsonl:bio")] {
            let out = directory.appendingPathComponent(format.replacingOccurrences(of: ":", with: "-"))
            let run = await EmbedRun.run(arguments + ["--out", out.path], encoder: lexical)
            #expect(run.status == 0, "\(run.errors)")
            let ids = try String(contentsOf: file(out, shard: 1, of: 1, ShardFiles.ids), encoding: .utf8)
            #expect(ids == expected.map { $0 + "\n" }.joined(), "\(format)")
            let manifest = try #require(ShardManifest.read(file(out, shard: 1, of: 1, ShardFiles.manifest)))
            #expect(manifest.inputFormat == format && manifest.textTemplate == nil && manifest.model.hasPrefix("hashed-ngrams:"))
        }
        let both = await EmbedRun.run([csv.path, "--column", "bio", "--text-field", "bio"])
        #expect(both.status == 64)
    }

    @Test("a run directory's complete embeddings.f32 is re-emitted as shards; --reembed encodes instead")
    func runDirectory() async throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        try (personaLines(40).joined(separator: "\n") + "\n").write(to: run.appendingPathComponent("personas.jsonl"), atomically: true, encoding: .utf8)
        try RunFixture.writeManifest(in: run, settings: RunFixture.settings(nameMasking: "own-name:Someone"), encoder: "minilm:stored-test", dimension: 3)
        var stored = Data("SPBE".utf8) + Data([1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0])
        let values = (0 ..< 120).map { Float($0) / 8 }
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { stored.append(contentsOf: $0) } }
        try stored.write(to: run.appendingPathComponent("embeddings.f32"))

        let out = directory.appendingPathComponent("out")
        for shard in 1 ... 2 {
            let result = await EmbedRun.run([run.path, "--out", out.path, "--shard", "\(shard)/2"])
            #expect(result.status == 0, "\(result.errors)")
        }
        let first = try npyPayload(file(out, shard: 1, of: 2, ShardFiles.embeddings)), second = try npyPayload(file(out, shard: 2, of: 2, ShardFiles.embeddings))
        #expect(first.header.contains("'shape': (32, 3)") && second.header.contains("'shape': (8, 3)"), "blocks of 32 records")
        #expect(first.payload + second.payload == stored.subdata(in: 16 ..< stored.count))
        let manifest = try #require(ShardManifest.read(file(out, shard: 2, of: 2, ShardFiles.manifest)))
        #expect(manifest.model == "minilm:stored-test" && manifest.embeddingsSource == "stored")
        #expect(manifest.firstRecord == 32 && manifest.lastRecord == 39 && manifest.inputFormat == "spb-generate run directory")
        #expect(try String(contentsOf: file(out, shard: 2, of: 2, ShardFiles.ids), encoding: .utf8) == (33 ... 40).map { String(format: "p-%03d\n", $0) }.joined())

        // A run made before name masking (no name_masking in its manifest) kept names: its rows are not re-emitted for masked texts.
        try RunFixture.writeManifest(in: run, encoder: "minilm:stored-test", dimension: 3)
        let old = await EmbedRun.run([run.path, "--out", directory.appendingPathComponent("old").path], encoder: lexical)
        #expect(old.status == 0 && old.errors.contains("made with name masking none"), "\(old.errors)")
        #expect(try #require(ShardManifest.read(file(directory.appendingPathComponent("old"), shard: 1, of: 1, ShardFiles.manifest))).embeddingsSource == "encoded")
        let kept = await EmbedRun.run([run.path, "--out", directory.appendingPathComponent("kept").path, "--keep-names"], encoder: lexical)
        #expect(try #require(ShardManifest.read(file(directory.appendingPathComponent("kept"), shard: 1, of: 1, ShardFiles.manifest))).embeddingsSource == "stored",
                "--keep-names re-emits them: \(kept.errors)")

        let reembedOut = directory.appendingPathComponent("reembed")
        let reembedded = await EmbedRun.run([run.path, "--out", reembedOut.path, "--reembed"], encoder: lexical)
        #expect(reembedded.status == 0)
        #expect(try #require(ShardManifest.read(file(reembedOut, shard: 1, of: 1, ShardFiles.manifest))).embeddingsSource == "encoded")
    }

    @Test("--help lists every option with its default, on standard output")
    func help() async {
        let run = await EmbedRun.run(["--help"])
        #expect(run.status == 0 && run.errors.isEmpty)
        for option in EmbedCommandLine.options { #expect(run.output.contains(option.name)) }
        #expect(run.output.contains("--shard <I/N>") && run.output.contains("(default: 1/1)"))
        #expect(run.output.contains("--out <dir>") && run.output.contains("(default: embeddings)"))
        #expect(run.output.contains("--skip-invalid") && run.output.contains("(default: off)"))
        #expect(await EmbedRun.run([]).status == 64)
    }
}

@Suite("spb-analyze embed: the shard rule and the checksum")
struct EmbedRuleTests {
    @Test("shards are contiguous runs of whole blocks, cover every record once, differ by at most one block, and follow floor(b*N/B)+1")
    func rule() throws {
        for blockSize in [1, 3, 32] {
            for total in 0 ... 70 {
                let blocks = (total + blockSize - 1) / blockSize
                for count in 1 ... 9 {
                    var next = 0, sizes = [Int]()
                    for index in 1 ... count {
                        let range = try #require(ShardSpec(index: index, count: count)).records(of: total, blockSize: blockSize)
                        #expect(range.lowerBound == next)
                        #expect(range.isEmpty || range.lowerBound % blockSize == 0, "a shard starts at a block boundary")
                        for record in range { #expect((record / blockSize) * count / blocks + 1 == index) }
                        next = range.upperBound
                        sizes.append((range.count + blockSize - 1) / blockSize)
                    }
                    #expect(next == total)
                    #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
                }
            }
        }
        #expect(try EmbedCommandLine.shard("3/8") == ShardSpec(index: 3, count: 8))
        #expect(ShardSpec(index: 0, count: 8) == nil && ShardSpec(index: 9, count: 8) == nil && ShardSpec(index: 1, count: 0) == nil)
        #expect(ShardSpec.whole.records(of: 5, blockSize: 32) == 0 ..< 5)
    }

    @Test("the incremental SHA-256 gives the same digest fed whole or in random pieces (FIPS vectors: TokenizerTests)")
    func digest() {
        var generator = SplitMix64(seed: 11)
        #expect(SHA256Digest.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        for length in [1, 55, 56, 63, 64, 65, 119, 120, 128, 1000] {
            let bytes = (0 ..< length).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
            var pieces = SHA256Digest(), start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + Int.random(in: 1 ... 70, using: &generator))
                pieces.update(bytes[start ..< end])
                start = end
            }
            #expect(pieces.hexDigest() == SHA256Digest.hex(bytes), "length \(length) in pieces")
        }
    }
}
