import CommandLineSupport
import Foundation
import Synchronization
@testable import Generation
import Testing

@Suite("spb-generate options")
struct CommandTests {
    /// Runs `spb-generate` in-process with `arguments`: the exit status and what it wrote to standard error.
    static func generate(_ arguments: [String]) async -> (status: Int32, errors: String) {
        let errors = Mutex("")
        let status = await GenerateCommandLine.run(arguments, output: { _ in }, errorOutput: { text in errors.withLock { $0 += text } })
        return (status, errors.withLock { $0 })
    }

    func parse(_ arguments: [String]) throws -> ParsedArguments {
        try ParsedArguments(arguments, options: GenerateCommandLine.options)
    }

    @Test("only options given on the command line override a resumed run's settings")
    func resumeKeepsManifest() throws {
        var config = GenerationConfig(target: 10, seed: 777, threshold: 0.9, gate: .spbLexical, model: "kept", maxAttempts: 33, score: .cosine)
        try GenerateCommandLine.apply(try parse(["--target", "20", "--base-url=http://example.test/v1"]), to: &config)
        #expect(config.target == 20)
        #expect(config.seed == 777 && config.gate == .spbLexical && config.model == "kept")
        #expect(isCloseFloat(config.threshold, 0.9))
        #expect(config.baseURL == "http://example.test/v1")
        #expect(config.maxAttempts == GenerationConfig.defaultMaxAttempts(target: 20), "a new count brings its default attempt budget")
    }

    @Test("input file overrides are recorded as absolute paths, kept through the manifest, and replaced only when given again")
    func inputOverridesAreRecorded() throws {
        var config = GenerationConfig(score: .cosine)
        try GenerateCommandLine.apply(try parse(["--components", "my/components.json", "--seeds=seeds.jsonl"]), to: &config)
        let overrides = try #require(config.inputOverrides)
        let components = try #require(overrides["persona_components.json"])
        #expect(components.hasPrefix("/") && components.hasSuffix("/my/components.json"))
        #expect(overrides["personas.jsonl"]?.hasSuffix("/seeds.jsonl") == true)
        let decoded = try JSONDecoder().decode(GenerationConfig.self, from: try JSONEncoder().encode(config))
        #expect(decoded.inputOverrides == config.inputOverrides, "a resumed run reads them back from manifest.json")
        var resumed = decoded
        try GenerateCommandLine.apply(try parse(["--components", "/other.json"]), to: &resumed)
        #expect(resumed.inputOverrides?["persona_components.json"] == "/other.json")
        #expect(resumed.inputOverrides?["personas.jsonl"] == overrides["personas.jsonl"])
        var oldManifest = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(config)) as? [String: Any])
        oldManifest["input_overrides"] = nil
        let old = try JSONDecoder().decode(GenerationConfig.self, from: try JSONSerialization.data(withJSONObject: oldManifest))
        #expect(old.inputOverrides == nil, "manifests written before overrides were recorded still load")
    }

    @Test("defaults: threshold is the named constant, max-attempts scales with count")
    func defaults() throws {
        var config = GenerationConfig(score: .cosine)
        try GenerateCommandLine.apply(try parse([]), to: &config)
        #expect(config.threshold == DedupGate.defaultThreshold)
        #expect(config.concurrency == 8 && config.references.resetEvery == 50 && config.gate == .semantic)
        #expect(config.maxAttempts == 1_000)
        #expect(GenerateCommandLine.options.contains { $0.name == "--threshold" && $0.defaultValue == String(format: "%.2f", DedupGate.defaultThreshold) })
    }

    @Test("bad values are usage errors naming the option")
    func badValues() async throws {
        for arguments in [["--target", "0"], ["--gate", "fuzzy"], ["--threshold", "1.5"], ["--structured-output", "xml"],
                          ["--seed", "-3"], ["--encoder", "word2vec"], ["--concurrency", "many"]] {
            var config = GenerationConfig(score: .cosine)
            do {
                try GenerateCommandLine.apply(try parse(arguments), to: &config)
                Issue.record("accepted \(arguments)")
            } catch let error as UsageError {
                #expect(error.message.contains(arguments[0]), "\(error.message)")
            }
        }
        #expect(await Self.generate(["--resume", "--force"]).status == 64)
        #expect(await Self.generate(["stray-positional"]).status == 64)
    }

    @Test("the summary names counts, reasons, faults, tokens and files")
    func summary() {
        var statistics = RunStatistics()
        statistics.accepted = 7
        statistics.acceptedNow = 4
        statistics.attempts = 12
        statistics.rejects = [.nearDuplicate: 5, .invalidJSON: 3]
        statistics.faults = ["rateLimited": 2]
        statistics.promptTokens = 1000
        statistics.completionTokens = 200
        let summary = PersonaGenerator.Summary(statistics: statistics, completion: .reachedTarget, elapsed: .seconds(75), firstAttempt: 9)
        let text = GenerateCommandLine.summaryText(summary, config: GenerationConfig(target: 7, score: .cosine), directory: URL(fileURLWithPath: "/tmp/run"))
        for fragment in ["accepted: 7/7", "near-duplicate: 5", "invalid-json: 3", "rateLimited: 2", "= 1200", "1m15s", "threshold \(String(format: "%.2f", GenerationConfig.defaultThreshold))", "/tmp/run"] {
            #expect(text.contains(fragment), "missing \(fragment)")
        }
    }

    private func isCloseFloat(_ a: Float, _ b: Float) -> Bool { abs(a - b) < 1e-6 }
}
