import ContentChecks
import Foundation
import PersonaKit
import RunFormat
import Testing
import TestSupport
@testable import Analysis

/// The audit runs spb-generate's content rules on any dataset and counts them, dropping nothing.
@Suite("Audit: content rules")
struct ContentRuleAuditTests {
    /// Personas written for this test: 6 keepers and 5 that each break known rules.
    static func fixture() -> [Persona] {
        func persona(_ index: Int, traits: [String] = ["calm", "curious", "kind"],
                     background: String? = nil, style: String = "Short lines, dry jokes, no emoji at all.") -> Persona {
            Persona(name: "Aino Virtanen\(index)", username: "aino\(index)", age: 30 + index, traits: traits,
                    background: background ?? "A tram driver in Tampere number \(index) who restores wooden boats on weekends and sings in a choir.",
                    chattingStyle: style, id: "c\(index)")
        }
        return (0 ..< 6).map { persona($0) } + [
            persona(6, background: "none"),
            persona(7, traits: ["1. They are very organised", "calm", "calm"]),
            persona(8, background: "A hospital porter who spends her nights managing the workload and ensuring"),
            persona(9, style: "#relatable #gentle_easygoing"),
            persona(10, background: "Her personality to draw on is religious, anxious and reliable, like her mother's."),
        ]
    }

    @Test("counts and examples per rule on a fixture; every persona stays in the audit")
    func countsOnFixture() async throws {
        let directory = try runDirectory(holding: Self.fixture())
        defer { try? FileManager.default.removeItem(at: directory) }
        let dataset = try AuditDataset.read(directory, options: .init())
        var options = AuditOptions()
        options.clusters = 2
        let result = try await Auditor.run(dataset: dataset, encoder: BagOfWordsEncoder(), options: options)
        let validity = try #require(result.report.validity)
        #expect(result.report.input.count == 11, "nothing dropped")
        #expect(validity.personasBreakingContentRules == 5)
        let counts = Dictionary(uniqueKeysWithValues: validity.contentRules.map { ($0.rule, $0.count) })
        #expect(counts == ["background-placeholder": 1, "trait-form": 1, "trait-repeated": 1, "background-unfinished": 1,
                           "style-hashtags-only": 1, "prompt-echo": 1], "\(counts)")
        let echo = try #require(validity.contentRules.first { $0.rule == "prompt-echo" })
        #expect(echo.examples.first?.id == "c10" && echo.examples.first?.text.contains("personality to draw on") == true)
        #expect(echo.summary == ContentRule.promptEcho.summary)
        #expect(validity.contentPromptSource == "PersonaBank's default prompt")
        #expect(result.report.markdownSummary().contains("`background-placeholder`: 1"))
        #expect(result.html().contains("break a content rule"))
    }

    @Test("a run's own prompt (manifest.json) is what the echo rule reads; --prompt-template overrides it")
    func promptSource() async throws {
        var personas = Array(Self.fixture().prefix(6))
        personas[0].chattingStyle = "Writes like a pirate shanty, as the brief insisted."
        let directory = try runDirectory(holding: personas)
        defer { try? FileManager.default.removeItem(at: directory) }
        try RunFixture.writeManifest(in: directory, prompt: PromptRecord(system: "Be brief.", user: "Describe {name}: writes like a pirate shanty always."))
        let dataset = try AuditDataset.read(directory, options: .init())
        var options = AuditOptions()
        options.clusters = 2
        var validity = try #require(try await Auditor.run(dataset: dataset, encoder: BagOfWordsEncoder(), options: options).report.validity)
        #expect(validity.contentRules.map(\.rule) == ["prompt-echo"])
        #expect(validity.contentPromptSource == "the run's prompt (manifest.json)")
        options.promptTemplates = ["Be brief.", "Describe them."]
        validity = try #require(try await Auditor.run(dataset: dataset, encoder: BagOfWordsEncoder(), options: options).report.validity)
        #expect(validity.contentRules.isEmpty && validity.contentPromptSource == "the --prompt-template file")
    }

    @Test("a prompt template file with a wrong type names the file and the key")
    func badPromptFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prompt-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try #"{"user": 7}"#.write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try PromptTemplateFile.templates(contentsOf: url) }
        do { _ = try PromptTemplateFile.templates(contentsOf: url) } catch let error as InputError { #expect(error.field == "user") }
        try #"{"system": "S"}"#.write(to: url, atomically: true, encoding: .utf8)
        #expect(try PromptTemplateFile.templates(contentsOf: url) == ["S", DefaultPrompt.user])
    }

    @Test("the bundled seed personas pass every content rule")
    func bundledSeeds() throws {
        let url = try #require(PersonaComponents.bundledDirectory).appendingPathComponent("personas.jsonl")
        let seeds = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { try Persona(jsonText: String($0)) }
        #expect(!seeds.isEmpty)
        for seed in seeds { #expect(ContentChecker().violations(of: seed).isEmpty, "\(seed.name): \(ContentChecker().violations(of: seed))") }
    }

    @Test("the Synthetic Persona Bank's own three seed personas pass every content rule",
          .enabled(if: SharedData.file("seed/spb-seed/personas.jsonl") != nil, "skipped: ../shared/seed/spb-seed/personas.jsonl is absent"))
    func spbSeeds() throws {
        let url = try #require(SharedData.file("seed/spb-seed/personas.jsonl"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        for line in lines {
            let persona = try Persona(jsonText: String(line))
            #expect(ContentChecker(echo: InstructionEcho(templates: [DefaultPrompt.system, DefaultPrompt.user])).violations(of: persona).isEmpty,
                    "\(persona.name)")
        }
    }
}
