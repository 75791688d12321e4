import CommandLineSupport
import Foundation
@testable import Generation
import PersonaKit
import RunFormat
import Testing

/// A run records the name masking its embeddings were made with, keeps it on `--resume`, and a run made
/// before masking existed keeps its names.
@Suite("Name masking in runs")
struct NameMaskingRunTests {
    /// A scripted model that writes the attempt's name into the background.
    static func namingChat() -> PersonaChat {
        ScriptedChat().chat { n, user in
            let name = user.range(of: "- Name: ").map { String(user[$0.upperBound...].prefix { $0 != "\n" }) } ?? "Nobody"
            let words = (0 ..< 12).map { "w\(n)x\($0)" }.joined(separator: " ")
            return #"{"name": "X", "username": null, "age": 30, "traits": ["calm", "warm", "shy"], "background": "\#(name) is \#(words).", "chatting_style": "plain short lines"}"#
        }
    }

    static func manifest(_ directory: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(RunFiles.manifest))) as? [String: Any])
    }

    @Test("a new run masks names and says so in its manifest; --keep-names records none")
    func newRuns() async throws {
        for keep in [false, true] {
            let directory = TestInputs.temporaryDirectory("new\(keep)")
            var config = GenerationConfig(target: 2, seed: 4, concurrency: 1, maxAttempts: 10, score: .cosine)
            try GenerateCommandLine.apply(try ParsedArguments(keep ? ["--keep-names"] : [], options: GenerateCommandLine.options), to: &config)
            _ = try await PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: Self.namingChat(), encoder: BagOfWordsEncoder())
                .run(in: directory, mode: .fresh)
            let recorded = try #require(try Self.manifest(directory)["config"] as? [String: Any])["name_masking"] as? String
            #expect(recorded == (keep ? "none" : "own-name:\(NameMask.token)"))
        }
    }

    @Test("--resume keeps a run's masking: --keep-names cannot change it, and a run made before masking keeps its names, with a note")
    func resume() async throws {
        let directory = TestInputs.temporaryDirectory()
        let config = GenerationConfig(target: 2, seed: 4, concurrency: 1, maxAttempts: 10, score: .cosine)
        _ = try await PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: Self.namingChat(), encoder: BagOfWordsEncoder())
            .run(in: directory, mode: .fresh)
        var masked = try GenerationManifest.read(directory: directory).config
        #expect(throws: UsageError.self) {
            try GenerateCommandLine.apply(try ParsedArguments(["--keep-names"], options: GenerateCommandLine.options), to: &masked, isResume: true)
        }

        // A manifest from before masking: no name_masking. It resumes keeping names, and the manifest stays as it was.
        var manifest = try Self.manifest(directory)
        var settings = try #require(manifest["config"] as? [String: Any])
        settings["name_masking"] = nil
        manifest["config"] = settings
        try JSONSerialization.data(withJSONObject: manifest).write(to: directory.appendingPathComponent(RunFiles.manifest))
        var old = try GenerationManifest.read(directory: directory).config
        #expect(old.nameMasking == PersonaTextTemplate.noNameMasking && !old.recordsNameMasking && !old.textTemplate.masksNames)
        try GenerateCommandLine.checkNameMasking(old, directory: directory)
        old.target = 4
        old.maxAttempts = 20
        let summary = try await PersonaGenerator(config: old, inputs: TestInputs.inputs(), chat: Self.namingChat(), encoder: BagOfWordsEncoder())
            .run(in: directory, mode: .resume)
        #expect(summary.statistics.accepted == 4)
        let resumed = try #require(try Self.manifest(directory)["config"] as? [String: Any])
        #expect(resumed["name_masking"] == nil, "the old run's setting is kept as it was")

        var unknown = old
        unknown.nameMasking = "own-name:Somebody"
        #expect(throws: UsageError.self) { try GenerateCommandLine.checkNameMasking(unknown, directory: directory) }
    }

    @Test("the gate compares masked texts: the same persona under a new name is an exact duplicate; with names kept it is new")
    func gateReadsMaskedTexts() async throws {
        let chat = ScriptedChat().chat { _, user in
            let name = user.range(of: "- Name: ").map { String(user[$0.upperBound...].prefix { $0 != "\n" }) } ?? "Nobody"
            return #"{"name": "X", "username": null, "age": 30, "traits": ["calm", "warm", "shy"], "background": "\#(name) repairs ferry engines in a fishing town and sings in a choir.", "chatting_style": "plain short lines"}"#
        }
        for keep in [false, true] {
            var config = GenerationConfig(target: 2, seed: 4, concurrency: 1, threshold: 0.99, maxAttempts: 4, score: .cosine)
            if keep { config.nameMasking = PersonaTextTemplate.noNameMasking }
            let summary = try await PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: chat, encoder: BagOfWordsEncoder())
                .run(in: TestInputs.temporaryDirectory("gate\(keep)"), mode: .fresh)
            #expect(keep ? summary.statistics.accepted == 2 : summary.statistics.rejects[.exactDuplicate] == 3, "keep names \(keep): \(summary.statistics)")
        }
    }
}

/// A run records the encoder precision its embeddings were made with and keeps it on `--resume`.
@Suite("Encoder precision in runs")
struct EncoderPrecisionRunTests {
    @Test("--precision is recorded in the manifest; --resume refuses another precision; unknown names are refused")
    func recordedAndKept() async throws {
        var config = GenerationConfig(target: 2, seed: 4, concurrency: 1, maxAttempts: 10, score: .cosine)
        try GenerateCommandLine.apply(try ParsedArguments(["--precision", "int8"], options: GenerateCommandLine.options), to: &config)
        #expect(config.encoderPrecision == .int8)
        let directory = TestInputs.temporaryDirectory("precision")
        _ = try await PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: NameMaskingRunTests.namingChat(), encoder: BagOfWordsEncoder())
            .run(in: directory, mode: .fresh)
        let recorded = try #require(try NameMaskingRunTests.manifest(directory)["config"] as? [String: Any])["encoder_precision"] as? String
        #expect(recorded == "int8")

        var resumed = try GenerationManifest.read(directory: directory).config
        #expect(resumed.encoderPrecision == .int8)
        #expect(throws: UsageError.self) {
            try GenerateCommandLine.apply(try ParsedArguments(["--precision", "fp32"], options: GenerateCommandLine.options), to: &resumed, isResume: true)
        }
        try GenerateCommandLine.apply(try ParsedArguments(["--precision", "int8"], options: GenerateCommandLine.options), to: &resumed, isResume: true)
        var fresh = GenerationConfig()
        #expect(throws: UsageError.self) {
            try GenerateCommandLine.apply(try ParsedArguments(["--precision", "fp16"], options: GenerateCommandLine.options), to: &fresh)
        }
        #expect(GenerationConfig().encoderPrecision == .fp32, "fp32 stays the default")
    }
}

/// A manifest naming a structured-output mode this version does not know stops a resume with a data
/// error, instead of silently running in `auto`.
@Suite("Manifest values are checked on resume")
struct ManifestValueTests {
    @Test("an unknown structured_output in manifest.json is bad input naming the file and field")
    func unknownStructuredOutput() async throws {
        let directory = TestInputs.temporaryDirectory("structured")
        let config = GenerationConfig(target: 1, seed: 4, concurrency: 1, gate: GateMode.none, maxAttempts: 5, score: .cosine)
        _ = try await PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: NameMaskingRunTests.namingChat(), encoder: BagOfWordsEncoder())
            .run(in: directory, mode: .fresh)
        var manifest = try NameMaskingRunTests.manifest(directory)
        var settings = try #require(manifest["config"] as? [String: Any])
        settings["structured_output"] = "json-shema"
        manifest["config"] = settings
        try JSONSerialization.data(withJSONObject: manifest).write(to: directory.appendingPathComponent(RunFiles.manifest))
        let (status, errors) = await CommandTests.generate(["--out", directory.path, "--resume", "--target", "2"])
        #expect(status == 65 && errors.contains("manifest.json: config.structured_output: \"json-shema\" is not one of"), "\(status): \(errors)")
        settings["structured_output"] = "auto"
        settings["encoder"] = "word2vec"
        manifest["config"] = settings
        try JSONSerialization.data(withJSONObject: manifest).write(to: directory.appendingPathComponent(RunFiles.manifest))
        let (encoderStatus, encoderErrors) = await CommandTests.generate(["--out", directory.path, "--resume", "--target", "2"])
        #expect(encoderStatus == 65 && encoderErrors.contains("manifest.json: config.encoder: \"word2vec\" is not one of"), "an unknown encoder is never read as MiniLM: \(encoderErrors)")
    }
}
