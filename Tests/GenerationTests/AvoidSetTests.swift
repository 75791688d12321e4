import CommandLineSupport
import Embedding
import FieldScoring
import Foundation
@testable import Generation
import LinearAlgebra
import PersonaKit
import RunFormat
import Synchronization
import TestSupport
import Testing

/// `spb-generate --avoid`: existing datasets held by the gate, rejections naming their records, the
/// embedding cache beside the run, and bad avoid files.
@Suite("Avoid sets")
struct AvoidSetTests {
    /// Strings gathered from concurrent callers (encoded texts, notes).
    final class Log: Sendable {
        private let storage = Mutex<[String]>([])
        func append(_ items: [String]) { storage.withLock { $0 += items } }
        var all: [String] { storage.withLock { $0 } }
        func reset() { storage.withLock { $0 = [] } }
    }

    /// The bag-of-words encoder, logging every text it is asked to embed.
    struct CountingEncoder: TextEncoder {
        var base = BagOfWordsEncoder()
        let log: Log
        var dimension: Int { base.dimension }
        var identifier: String { base.identifier }
        func encode(_ texts: [String]) async throws -> Matrix {
            log.append(texts)
            return try await base.encode(texts)
        }
    }

    static func existing() -> [Persona] {
        [
            Persona(name: "Mara Holt", username: nil, age: 52, traits: ["calm", "warm", "shy"],
                    background: "Lighthouse keeper who paints storm clouds and keeps bees on a windy island near the harbour.",
                    chattingStyle: "slow careful sentences with old words", id: "old-1"),
            Persona(name: "Dee Park", username: "dee_bakes", age: 29, traits: ["cheerful", "stubborn", "tender"],
                    background: "Night-shift baker who trains for marathons before dawn and writes letters to her grandmother every week.",
                    chattingStyle: "short cheerful lines with bread puns", id: "old-2"),
        ]
    }

    /// A model reply of `persona` under another name.
    static func reply(_ persona: Persona) -> String {
        var renamed = persona
        (renamed.name, renamed.username, renamed.id) = ("Someone New", nil, nil)
        return renamed.jsonValue.jsonText
    }

    /// Replies: the first copies `first`, the second `second` (when given), the rest are distinct.
    static func chat(_ first: Persona, _ second: Persona? = nil) -> PersonaChat {
        ScriptedChat().chat { n, _ in
            switch n {
            case 0: reply(first)
            case 1 where second != nil: reply(second ?? first)
            default: ScriptedChat.distinctReply(n)
            }
        }
    }

    static func writeJSONL(_ personas: [Persona], to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(personas.map { $0.jsonValue.jsonText + "\n" }.joined().utf8).write(to: url)
    }

    static func lines(_ directory: URL, _ name: String) throws -> [[String: Any]] {
        try JudgeGateTests.lines(directory, name)
    }

    static func config(target: Int, score: GateScore = .cosine, avoid: [AvoidSet]) -> GenerationConfig {
        var config = GenerationConfig(target: target, seed: 4, concurrency: 1, threshold: 0.8, maxAttempts: 10 * target, score: score)
        config.avoid = avoid
        return config
    }

    @Test("a reply copying an avoid record is rejected naming it; a near copy too; distinct replies are accepted; the manifest records the set")
    func rejectsNamingTheRecord() async throws {
        let folder = TestInputs.temporaryDirectory()
        let avoidURL = folder.appendingPathComponent("existing.jsonl")
        try Self.writeJSONL(Self.existing(), to: avoidURL)
        var near = Self.existing()[0]
        near.background = near.background.replacingOccurrences(of: "harbour", with: "port")
        let run = folder.appendingPathComponent("run")
        let config = Self.config(target: 2, avoid: [AvoidSet(path: avoidURL.path, format: .personaJSONL)])
        let summary = try await PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: Self.chat(Self.existing()[1], near),
                                                 encoder: BagOfWordsEncoder()).run(in: run, mode: .fresh)
        #expect(summary.statistics.accepted == 2)
        let rejected = try Self.lines(run, RunFiles.rejected)
        #expect(rejected.map { $0["reason"] as? String } == ["exact-duplicate", "near-duplicate"])
        #expect(rejected.map { $0["nearest_id"] as? String } == ["avoid:existing.jsonl:old-2", "avoid:existing.jsonl:old-1"])
        let events = try Self.lines(run, RunFiles.events)
        #expect(events.prefix(2).map { $0["nearest_id"] as? String } == ["avoid:existing.jsonl:old-2", "avoid:existing.jsonl:old-1"])

        let recorded = try GenerationManifest.read(directory: run).config.avoid
        let checksum = try SHA256Digest.checksum(of: avoidURL)
        var expected = AvoidSet(path: avoidURL.path, format: .personaJSONL)
        (expected.sha256, expected.bytes, expected.rows) = (checksum.sha256, checksum.bytes, 2)
        #expect(recorded == [expected])
        #expect(summary.avoided == recorded)
        #expect(GenerateCommandLine.summaryText(summary, config: config, directory: run).contains("avoid: existing.jsonl (2 records)"))
    }

    @Test("with the field-aware score the avoid personas are profiled and cached with their field vectors")
    func fieldsScore() async throws {
        let folder = TestInputs.temporaryDirectory()
        let avoidURL = folder.appendingPathComponent("existing.jsonl")
        try Self.writeJSONL(Self.existing(), to: avoidURL)
        var near = Self.existing()[1]
        near.background = near.background.replacingOccurrences(of: "every week", with: "every sunday")
        let run = folder.appendingPathComponent("run")
        let config = Self.config(target: 1, score: .fields, avoid: [AvoidSet(path: avoidURL.path, format: .personaJSONL)])
        _ = try await PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: Self.chat(near), encoder: BagOfWordsEncoder())
            .run(in: run, mode: .fresh)
        let rejected = try #require(try Self.lines(run, RunFiles.rejected).first)
        #expect(rejected["reason"] as? String == "near-duplicate" && rejected["nearest_id"] as? String == "avoid:existing.jsonl:old-2")
        #expect((rejected["nearest_components"] as? [String: Any])?["probability"] != nil)
        let sha = try SHA256Digest.checksum(of: avoidURL).sha256
        let fields = try #require(try EmbeddingFile.read(AvoidCache(directory: run).fieldsURL(sha)))
        #expect(fields.rows == 2 && fields.columns == FieldRows.width(dimension: BagOfWordsEncoder().dimension))
    }

    @Test("the cache is reused on --resume (file untouched, nothing embedded again); a changed file stops --resume, and is embedded again, with a note, by --force, as it is for another encoder")
    func cache() async throws {
        let folder = TestInputs.temporaryDirectory()
        let avoidURL = folder.appendingPathComponent("existing.jsonl")
        try Self.writeJSONL(Self.existing(), to: avoidURL)
        let run = folder.appendingPathComponent("run")
        let texts = Log(), notes = Log()
        let encoder = CountingEncoder(log: texts)
        func generate(_ config: GenerationConfig, _ mode: PersonaGenerator.StartMode, encoder: CountingEncoder = encoder) async throws {
            notes.reset()
            texts.reset()
            // Distinct replies only: a reply copying an avoid record would be embedded as a candidate and blur the count.
            let chat = ScriptedChat().chat { n, _ in ScriptedChat.distinctReply(n) }
            _ = try await PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: chat, encoder: encoder)
                .run(in: run, mode: mode, notes: { notes.append([$0]) })
        }
        func embeddedAvoidTexts(_ personas: [Persona]) -> Int {
            let wanted = Set(personas.map(PersonaTextTemplate.default.render))
            return texts.all.filter(wanted.contains).count
        }
        let set = AvoidSet(path: avoidURL.path, format: .personaJSONL)
        try await generate(Self.config(target: 1, avoid: [set]), .fresh)
        #expect(embeddedAvoidTexts(Self.existing()) == 2)
        #expect(notes.all.count == 1 && notes.all[0].contains("not cached yet"), "\(notes.all)")
        let original = try Data(contentsOf: avoidURL)
        let sha = SHA256Digest.hex(original)
        let cache = AvoidCache(directory: run)
        #expect(FileManager.default.fileExists(atPath: cache.wholeURL(sha).path) && FileManager.default.fileExists(atPath: cache.entryURL(sha).path))
        let entry = try JSONSerialization.jsonObject(with: Data(contentsOf: cache.entryURL(sha))) as? [String: Any]
        #expect(entry?["source"] as? String == avoidURL.path && entry?["rows"] as? Int == 2 && entry?["sha256"] as? String == sha)
        #expect(entry?["encoder_identifier"] as? String == encoder.identifier && entry?["name_masking"] as? String == "own-name:\(NameMask.token)")

        var resumed = try GenerationManifest.read(directory: run).config
        (resumed.target, resumed.maxAttempts) = (3, 30)
        try await generate(resumed, .resume)
        #expect(embeddedAvoidTexts(Self.existing()) == 0, "resume reads the cache")
        #expect(notes.all.isEmpty, "\(notes.all)")
        #expect(try Data(contentsOf: avoidURL) == original)
        #expect(try GenerationManifest.read(directory: run).config.avoid == resumed.avoid)

        var grown = Self.existing()
        grown.append(Persona(name: "Ola Berg", username: nil, age: 40, traits: ["brisk", "honest", "dry"],
                             background: "Ferry captain who repairs old radios and teaches knot tying to scouts in the evenings.",
                             chattingStyle: "clipped nautical phrases and no emoji", id: "old-3"))
        try Self.writeJSONL(grown, to: avoidURL)
        do {
            try await generate(resumed, .resume)
            Issue.record("resumed against a changed avoid file")
        } catch let error as InputError {
            #expect(error.file == avoidURL.path && error.message.contains("changed since this run started"), "\(error)")
        }

        try await generate(Self.config(target: 1, avoid: [set]), .force)
        #expect(embeddedAvoidTexts(grown) == 3)
        #expect(notes.all.count == 1 && notes.all[0].contains("the file changed since it was cached"), "\(notes.all)")
        let newSHA = try SHA256Digest.checksum(of: avoidURL).sha256
        #expect(!FileManager.default.fileExists(atPath: cache.entryURL(sha).path), "the stale entry is replaced")
        #expect(FileManager.default.fileExists(atPath: cache.entryURL(newSHA).path))

        try await generate(Self.config(target: 1, avoid: [set]), .force)
        #expect(embeddedAvoidTexts(grown) == 0 && notes.all.isEmpty, "a rerun with --force reads the cache")

        try await generate(Self.config(target: 1, avoid: [set]), .force, encoder: CountingEncoder(base: BagOfWordsEncoder(dimension: 256), log: texts))
        #expect(embeddedAvoidTexts(grown) == 3)
        #expect(notes.all.count == 1 && notes.all[0].contains("cached with encoder test-bag-of-words-512"), "\(notes.all)")
    }

    @Test("a malformed avoid file stops spb-generate with bad input naming the file, line and field, before the run starts")
    func malformed() async throws {
        let folder = TestInputs.temporaryDirectory()
        let avoidURL = folder.appendingPathComponent("broken.jsonl")
        var text = Self.existing()[0].jsonValue.jsonText + "\n"
        text += #"{"name": "B", "username": null, "age": "old", "traits": ["calm", "warm", "shy"], "background": "A b c.", "chatting_style": "x y z"}"# + "\n"
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: avoidURL)
        let run = folder.appendingPathComponent("run")
        let (status, errors) = await CommandTests.generate(["--out", run.path, "--avoid", avoidURL.path, "--encoder", "hashed-ngrams", "--score", "cosine"])
        #expect(status == 65 && errors.hasPrefix("error: \(avoidURL.path):2: age: "), "\(status): \(errors)")
        #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent(RunFiles.manifest).path))
        #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent(AvoidCache.folderName).path))
    }

    @Test("a CSV column is an avoid set of texts: a reply whose background is a cell is rejected naming the cell's line")
    func csvTexts() async throws {
        let folder = TestInputs.temporaryDirectory()
        let avoidURL = folder.appendingPathComponent("old.csv")
        let cell = Self.existing()[1].background
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("id,text\n1,\"A retired pilot who grows orchids.\"\n2,\"\(cell)\"\n".utf8).write(to: avoidURL)
        var parsed = GenerationConfig(target: 1, seed: 4, concurrency: 1, threshold: 0.6, maxAttempts: 10, score: .cosine)
        try GenerateCommandLine.apply(try ParsedArguments(["--avoid", "csv:text=\(avoidURL.path)"], options: GenerateCommandLine.options), to: &parsed)
        #expect(parsed.avoid.map(\.format) == ["csv:text"] && parsed.avoid.map(\.path) == [avoidURL.path])
        let run = folder.appendingPathComponent("run")
        let summary = try await PersonaGenerator(config: parsed, inputs: TestInputs.inputs(), chat: Self.chat(Self.existing()[1]), encoder: BagOfWordsEncoder())
            .run(in: run, mode: .fresh)
        #expect(summary.statistics.accepted == 1)
        let rejected = try Self.lines(run, RunFiles.rejected)
        #expect(rejected.map { $0["nearest_id"] as? String } == ["avoid:old.csv:3"])
        #expect(summary.avoided.first?.rows == 2)
    }

    @Test("a JSON array of personas is an avoid set; a persona without an id is named by the line its element starts on")
    func jsonArray() async throws {
        let folder = TestInputs.temporaryDirectory()
        let avoidURL = folder.appendingPathComponent("old.json")
        var anonymous = Self.existing()[1]
        anonymous.id = nil
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("[\n\(Self.existing()[0].jsonValue.jsonText),\n\(anonymous.jsonValue.jsonText)\n]\n".utf8).write(to: avoidURL)
        var parsed = Self.config(target: 1, avoid: [])
        try GenerateCommandLine.apply(try ParsedArguments(["--avoid", avoidURL.path], options: GenerateCommandLine.options), to: &parsed)
        #expect(parsed.avoid.map(\.format) == ["json"])
        let run = folder.appendingPathComponent("run")
        _ = try await PersonaGenerator(config: parsed, inputs: TestInputs.inputs(), chat: Self.chat(anonymous), encoder: BagOfWordsEncoder())
            .run(in: run, mode: .fresh)
        #expect(try Self.lines(run, RunFiles.rejected).map { $0["nearest_id"] as? String } == ["avoid:old.json:3"])
    }

    @Test("duplicate ids in an avoid file are bad input naming the second record")
    func duplicateIDs() async throws {
        let folder = TestInputs.temporaryDirectory()
        let avoidURL = folder.appendingPathComponent("twice.jsonl")
        var second = Self.existing()[1]
        second.id = "old-1"
        try Self.writeJSONL([Self.existing()[0], second], to: avoidURL)
        let config = Self.config(target: 1, avoid: [AvoidSet(path: avoidURL.path, format: .personaJSONL)])
        do {
            _ = try await PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: Self.chat(second), encoder: BagOfWordsEncoder())
                .run(in: folder.appendingPathComponent("run"), mode: .fresh)
            Issue.record("accepted duplicate ids")
        } catch let error as InputError {
            #expect(error.file == avoidURL.path && error.line == 2 && error.field == "id", "\(error)")
        }
    }

    @Test("--avoid options: format by extension or FORMAT=FILE, usage errors for what the gate cannot hold, --resume keeps the recorded sets")
    func options() throws {
        func apply(_ arguments: [String], to config: inout GenerationConfig, isResume: Bool = false) throws {
            try GenerateCommandLine.apply(try ParsedArguments(arguments, options: GenerateCommandLine.options), to: &config, isResume: isResume)
        }
        var config = GenerationConfig(score: .cosine)
        #expect(throws: UsageError.self, "a CSV file needs its column") { try apply(["--avoid", "old.csv"], to: &config) }
        var fields = GenerationConfig(score: .fields)
        #expect(throws: UsageError.self, "texts cannot be profiled field by field") { try apply(["--avoid", "text=old.txt"], to: &fields) }
        #expect(throws: UsageError.self, "two files of one name") { try apply(["--avoid", "a/old.jsonl", "--avoid", "b/old.jsonl"], to: &config) }
        #expect(throws: UsageError.self, "the lexical gate holds no avoid sets") { try apply(["--gate", "none", "--avoid", "old.jsonl"], to: &config) }
        var lexical = GenerationConfig(gate: .spbLexical, score: .cosine)
        lexical.avoid = [AvoidSet(path: "old.jsonl", format: .personaJSONL)]
        #expect(AvoidSet.problem(in: lexical) == .gateNotSemantic(.spbLexical), "the library refuses what the command line words with flags")

        var recorded = GenerationConfig(score: .cosine)
        try apply(["--avoid", "old.jsonl"], to: &recorded)
        recorded.avoid[0].sha256 = "abc"
        let decoded = try JSONDecoder().decode(GenerationConfig.self, from: try JSONEncoder().encode(recorded))
        #expect(decoded.avoid == recorded.avoid, "the manifest keeps the sets")
        var resumed = decoded
        try apply(["--avoid", "old.jsonl", "--target", "5"], to: &resumed, isResume: true)
        #expect(resumed.avoid == recorded.avoid, "repeating the recorded set keeps its checksum")
        #expect(throws: UsageError.self) { try apply(["--avoid", "new.jsonl"], to: &resumed, isResume: true) }
        try apply(["--target", "6"], to: &resumed, isResume: true)
        #expect(resumed.avoid == recorded.avoid)

        var old = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(GenerationConfig())) as? [String: Any])
        old["avoid"] = nil
        #expect(try JSONDecoder().decode(GenerationConfig.self, from: try JSONSerialization.data(withJSONObject: old)).avoid.isEmpty)

        let help = helpText(command: "spb-generate", synopsis: "", summary: "", options: GenerateCommandLine.options)
        #expect(help.split(separator: "\n").contains { $0.contains("--avoid <DATASET>") && $0.hasSuffix("(default: none)") })
    }

    static let personaHubFile = "data/corpora/personahub-5000.txt"

    @Test("a real dataset: a reply whose background is a line of personahub-5000.txt is rejected naming that line; the rest are accepted",
          .enabled(if: SharedData.file(personaHubFile) != nil, "skipped: ../shared/\(personaHubFile) is absent"))
    func personaHub() async throws {
        let url = try #require(SharedData.file(Self.personaHubFile))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let counts = Dictionary(lines.map { ($0, 1) }, uniquingKeysWith: +)
        let index = try #require(lines.indices.first { index in
            let line = lines[index]
            return counts[line] == 1 && line.split(separator: " ").count >= 12 && line.count < 250 && !line.contains("\"")
        })
        let copy = Persona(name: "Someone", username: nil, age: 40, traits: ["calm", "warm", "shy"],
                           background: lines[index].hasSuffix(".") ? lines[index] : lines[index] + ".", chattingStyle: "plain short lines")
        let config = GenerationConfig(target: 2, seed: 4, concurrency: 1, threshold: 0.6, maxAttempts: 10, score: .cosine)
        var parsed = config
        try GenerateCommandLine.apply(try ParsedArguments(["--avoid", url.path], options: GenerateCommandLine.options), to: &parsed)
        let run = TestInputs.temporaryDirectory()
        let summary = try await PersonaGenerator(config: parsed, inputs: TestInputs.inputs(), chat: Self.chat(copy), encoder: BagOfWordsEncoder())
            .run(in: run, mode: .fresh)
        #expect(summary.statistics.accepted == 2)
        #expect(try Self.lines(run, RunFiles.rejected).map { $0["nearest_id"] as? String } == ["avoid:personahub-5000.txt:\(index + 1)"])
        #expect(summary.avoided.first?.rows == 5000)
    }
}
