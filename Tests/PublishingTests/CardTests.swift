import Analysis
import Embedding
import Foundation
import PersonaKit
@testable import Publishing
import Testing
import TestSupport

@Suite("Dataset card", .serialized)
struct CardTests {
    /// Every headline row, trope share, phrase share, drift figure and fit divergence of the audit
    /// appears in the card formatted exactly as the audit formats it.
    @Test func cardCarriesTheAuditNumbers() async throws {
        let parent = try CardFixtures.folder("numbers")
        defer { try? FileManager.default.removeItem(at: parent) }
        let run = try CardFixtures.runDirectory(in: parent)
        let out = parent.appendingPathComponent("README.md")
        let result = await CardFixtures.card([run.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let card = try String(contentsOf: out, encoding: .utf8)
        let report = try await CardFixtures.audit(run)

        #expect(!report.headline.isEmpty)
        for (_, value) in report.headline { #expect(card.contains(value), "headline value \(value) missing") }
        #expect(card.contains(Format.decimal(report.diversity.vendi.order1, 1)))
        #expect(card.contains(Format.count(report.input.count)))
        for cluster in report.tropes.clusters.sorted(by: { $0.share > $1.share }).prefix(5) {
            #expect(card.contains("| \(Format.percent(cluster.share)) |"), "cluster share \(Format.percent(cluster.share))")
        }
        let opening = try #require(report.tropes.openings.first)
        #expect(card.contains(Format.percent(opening.share)))
        let first = try #require(report.drift.windows.first), last = try #require(report.drift.windows.last)
        #expect(card.contains("| Vendi | \(Format.decimal(first.vendi, 1)) | \(Format.decimal(last.vendi, 1)) |"))
        let fit = try #require(report.fit)
        for component in fit.components {
            if let js = component.jensenShannon { #expect(card.contains(Format.decimal(js, 3)), "JS of \(component.name)") }
        }
        // Attempt counts from events.jsonl: 60 accepted, 3 near-duplicates, 2 invalid JSON, 1 surplus.
        #expect(card.contains("| accepted | 60 |"))
        #expect(card.contains("| rejected: `near-duplicate` | 3 |"))
        #expect(card.contains("| rejected: `invalid-json` | 2 |"))
        #expect(card.contains("| all attempts | 66 |"))
        // Known limitations are stated with the report's figures.
        let limitations = try #require(card.components(separatedBy: "## Known limitations").last)
        #expect(opening.share >= KnownLimitations.phraseShare)
        #expect(limitations.contains("starts \(Format.percent(opening.share))"))
    }

    /// A card written from an existing report (`--audit DIR`) prints that report's numbers.
    @Test func cardFromAnExistingReport() async throws {
        let parent = try CardFixtures.folder("report")
        defer { try? FileManager.default.removeItem(at: parent) }
        let run = try CardFixtures.runDirectory(in: parent)
        let dataset = try AuditDataset.read(run, options: .init())
        var options = AuditOptions()
        options.threshold = 0.75
        let audit = try await Auditor.run(dataset: dataset, encoder: HashedNGramEncoder(dimension: 256), options: options)
        let auditFolder = parent.appendingPathComponent("audit")
        try audit.write(to: auditFolder, name: "tiny", mapPoints: 100, seed: 42, subtitle: nil)
        let report = try CardFacts.readReport(auditFolder.appendingPathComponent("report.json"))

        let out = parent.appendingPathComponent("card.md")
        let result = await CardFixtures.card([run.path, "--audit", auditFolder.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let card = try String(contentsOf: out, encoding: .utf8)
        for (name, value) in report.headline {
            #expect(card.contains(MarkdownText.inline(name)) && card.contains(value), "\(name): \(value)")
        }
        #expect(card.contains("τ = 0.75"))
    }

    /// Neither the API key (in the environment variable the manifest names), nor the credentials,
    /// address, port, path or query of a private base URL, nor a secret-looking setting, appears in
    /// the card or on standard error.
    @Test func noSecretInAnyOutput() async throws {
        setenv(CardFixtures.keyVariable, CardFixtures.sentinelKey, 1)
        defer { unsetenv(CardFixtures.keyVariable) }
        let parent = try CardFixtures.folder("secrets")
        defer { try? FileManager.default.removeItem(at: parent) }
        for baseURL in [CardFixtures.privateBaseURL, "https://carduser:hunter2pass@API.Example.com:8443/private/v1?api_key=QUERYSECRET9"] {
            let run = try CardFixtures.runDirectory(in: parent, baseURL: baseURL)
            let out = parent.appendingPathComponent("README.md")
            let result = await CardFixtures.card([run.path, "--out", out.path])
            #expect(result.status == 0, "\(result.stderr)")
            let card = try String(contentsOf: out, encoding: .utf8)
            for secret in [CardFixtures.sentinelKey, CardFixtures.keyVariable, "hunter2pass", "carduser", "QUERYSECRET9", "10.44.3.21", "8443",
                           "/private/v1", "STEERTOKEN55", "secret-project"] {
                #expect(!card.contains(secret), "card leaks \(secret)")
                #expect(!result.stderr.contains(secret) && !result.stdout.contains(secret), "output leaks \(secret)")
            }
            let expected = EndpointKind(baseURL: baseURL).phrase
            #expect(card.contains(expected))
            #expect(card.contains("`smollm2`"))
            #expect(card.contains("| sampling | strength 0.25 |"), "a setting unknown to the card is shown, its token is not")
            #expect(card.contains("`prompt.json`"))
            #expect(card.contains("in a custom prompt template (named below)") && !card.contains("with a few reference personas"),
                    "a run with its own template is not said to show reference personas")
        }
    }

    /// A dataset file without a manifest: no generation facts (provenance unknown), everything measured.
    @Test func datasetFileHasNoGenerationSection() async throws {
        let parent = try CardFixtures.folder("plain")
        defer { try? FileManager.default.removeItem(at: parent) }
        let file = parent.appendingPathComponent("people.jsonl")
        try (CardFixtures.personas().map { $0.jsonLine() }.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let out = parent.appendingPathComponent("README.md")
        let result = await CardFixtures.card([file.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let card = try String(contentsOf: out, encoding: .utf8)
        #expect(card.contains("Provenance unknown"))
        for generationOnly in ["Generated by", "### Attempts", "semantic gate τ", "OpenAI-compatible endpoint", "### Components"] {
            #expect(!card.contains(generationOnly), "\(generationOnly) in a card without a manifest")
        }
        let report = try await CardFixtures.audit(file)
        for (_, value) in report.headline { #expect(card.contains(value)) }
        #expect(card.contains("    path: \"people.jsonl\""))
        #expect(card.contains("pretty_name: \"people\""))
    }

    /// The YAML front matter opens and closes with `---`, and has the keys the Hub reads.
    @Test func yamlHeaderHasTheHubKeys() async throws {
        let parent = try CardFixtures.folder("yaml")
        defer { try? FileManager.default.removeItem(at: parent) }
        let run = try CardFixtures.runDirectory(in: parent)
        let out = parent.appendingPathComponent("README.md")
        let result = await CardFixtures.card([run.path, "--out", out.path, "--pretty-name", "Tiny \"quoted\" bank"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOf: out, encoding: .utf8).components(separatedBy: "\n")
        #expect(lines.first == "---")
        let close = try #require(lines.dropFirst().firstIndex(of: "---"))
        let header = Array(lines[1 ..< close])
        var keys = [String: [String]]()
        var current: String?
        for line in header where !line.hasPrefix("#") {
            if !line.hasPrefix(" ") && !line.hasPrefix("-"), let colon = line.firstIndex(of: ":") {
                current = String(line[..<colon])
                let rest = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                keys[current!] = rest.isEmpty ? [] : [rest]
            } else if let current {
                keys[current, default: []].append(line.trimmingCharacters(in: .whitespaces))
            } else {
                Issue.record("YAML line before any key: \(line)")
            }
        }
        #expect(keys["license"] == ["other"])
        #expect(keys["language"] == ["- en"])
        #expect(keys["task_categories"] == ["- text-generation"])
        #expect(keys["size_categories"] == ["- \(CardFacts.sizeCategory(60))"])
        #expect(keys["pretty_name"] == ["\"Tiny \\\"quoted\\\" bank\""])
        #expect(keys["tags"] == ["- synthetic", "- personas"])
        #expect(keys["configs"] == ["- config_name: default", "data_files:", "- split: train", "path: \"personas.jsonl\""])
        #expect(header.contains { $0.hasPrefix("#") && $0.contains("TO BE CHOSEN") }, "the license placeholder is marked")
        #expect(lines[close + 1 ..< lines.count].joined(separator: "\n").contains(CardRenderer.authorsMarker))
    }

    /// With a `split-report.json` beside the split files, `configs` names them and the card prints the sizes and leakage.
    @Test func configsNameTheSplitFiles() async throws {
        let parent = try CardFixtures.folder("split")
        defer { try? FileManager.default.removeItem(at: parent) }
        let run = try CardFixtures.runDirectory(in: parent)
        let splitFolder = parent.appendingPathComponent("published")
        try FileManager.default.createDirectory(at: splitFolder, withIntermediateDirectories: true)
        for name in PublishedFiles.splits { try "{}\n".write(to: splitFolder.appendingPathComponent(PublishedFiles.split(name)), atomically: true, encoding: .utf8) }
        let splitReport: JSONValue = .object([
            "sizes": .object(["train": .number(1234), "validation": .number(6), "test": .number(7)]),
            "leakage": .object(["cross_split_pairs": .number(0), "nearest_cross_split": .object(["mean": .number(0.41237)])]),
        ])
        try splitReport.jsonText.write(to: splitFolder.appendingPathComponent(PublishedFiles.splitReport), atomically: true, encoding: .utf8)
        let out = parent.appendingPathComponent("README.md")
        let result = await CardFixtures.card([run.path, "--split", splitFolder.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let card = try String(contentsOf: out, encoding: .utf8)
        for name in PublishedFiles.splits {
            #expect(card.contains("  - split: \(name)\n    path: \(PublishedFiles.split(name))\n"))
        }
        #expect(!card.contains("path: \"personas.jsonl\""))
        #expect(card.contains("| train | `train.jsonl` | 1,234 |"))
        #expect(card.contains("| cross\\_split\\_pairs | 0 |"))
        #expect(card.contains("| nearest\\_cross\\_split · mean | 0.412 |"))

        // A report without the expected keys is read tolerantly and says so.
        try JSONValue.object(["other": .number(1)]).jsonText.write(to: splitFolder.appendingPathComponent(PublishedFiles.splitReport), atomically: true, encoding: .utf8)
        #expect(await CardFixtures.card([run.path, "--split", splitFolder.path, "--out", out.path]).status == 0)
        let tolerant = try String(contentsOf: out, encoding: .utf8)
        #expect(tolerant.contains("names no split sizes") && tolerant.contains("has no leakage figures"))
    }

    /// An unreadable-text finding reaches the header comment and the limitations, with the report's numbers.
    @Test func unreadableTextsAreStated() async throws {
        let parent = try CardFixtures.folder("unreadable")
        defer { try? FileManager.default.removeItem(at: parent) }
        let run = try CardFixtures.runDirectory(in: parent)
        var (facts, _) = try await CardFacts.gather(.init(input: run), encoders: CardFixtures.encoders)
        facts.report.unreadable = try JSONDecoder().decode(UnreadableReport.self, from: Data(#"{"limit":0.5,"count":7,"share":0.1166,"byScript":{"han":7},"examples":[]}"#.utf8))
        let card = CardRenderer.markdown(facts)
        #expect(card.contains("# the audit found 7 texts (\(Format.percent(0.1166))) mostly unreadable"))
        #expect(card.contains("7 texts (\(Format.percent(0.1166))) are mostly unreadable to the embedding model (more than \(Format.percent(0.5))"))
    }
}
