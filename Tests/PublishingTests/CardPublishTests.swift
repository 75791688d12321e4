import Analysis
import Foundation
import PersonaKit
import Publishing
import Testing

@Suite("Dataset card: publish", .serialized)
struct CardPublishTests {
    /// `publish` writes the split, the audit and a card whose configs, sizes, leakage and headline
    /// numbers are those of the split report and the audit report written beside it; no secret leaks.
    @Test func publishWritesOneFolderReadyForTheHub() async throws {
        setenv(CardFixtures.keyVariable, CardFixtures.sentinelKey, 1)
        defer { unsetenv(CardFixtures.keyVariable) }
        let parent = try CardFixtures.folder("publish")
        defer { try? FileManager.default.removeItem(at: parent) }
        let run = try CardFixtures.runDirectory(in: parent)
        let out = parent.appendingPathComponent("hub")
        let err = CardCapture()
        let status = await PublishCommandLine.run([run.path, "--out", out.path], encoders: CardFixtures.encoders,
                                                  output: { _ in }, errorOutput: { err.append($0) })
        #expect(status == 0, "\(err.text)")
        let expected = PublishedFiles.splits.map { PublishedFiles.split($0) } + [PublishedFiles.splitReport, PublishedFiles.splitSummary, PublishedFiles.card]
        for name in expected { #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name) missing") }

        let card = try String(contentsOf: out.appendingPathComponent(PublishedFiles.card), encoding: .utf8)
        let audit = try CardFacts.readReport(out.appendingPathComponent(PublishedFiles.audit).appendingPathComponent("report.json"))
        for (_, value) in audit.headline { #expect(card.contains(value), "headline \(value)") }

        // The configs name every split with items; an empty split's file is left out (load_dataset refuses a split with no data).
        let split = try JSONDecoder().decode(SplitReport.self, from: Data(contentsOf: out.appendingPathComponent(PublishedFiles.splitReport)))
        #expect(split.groupAware.sizes[0] > 0)
        for (name, size) in zip(PublishedFiles.splits, split.groupAware.sizes) {
            #expect(card.contains("  - split: \(name)\n    path: \(PublishedFiles.split(name))\n") == (size > 0), "\(name): \(size) items")
            #expect(card.contains(size > 0 ? "| \(name) | `\(PublishedFiles.split(name))` | \(Format.count(size)) |" : "| \(name) | — | 0 |"))
        }
        for part in split.groupAware.leakage.parts {
            #expect(card.contains("\(Format.count(part.leaked)) of \(Format.count(part.items)) (\(Format.percent(part.leakedShare)))"), "leakage of \(part.split)")
        }
        let baseline = split.random.leakage.combined
        #expect(card.contains("random split of the same items, for comparison"))
        #expect(card.contains("\(Format.count(baseline.leaked)) of \(Format.count(baseline.items))"))
        for secret in [CardFixtures.sentinelKey, "hunter2pass", "QUERYSECRET9", "10.44.3.21", "STEERTOKEN55"] {
            #expect(!card.contains(secret) && !err.text.contains(secret), "leaks \(secret)")
        }

        let same = await PublishCommandLine.run([run.path, "--out", run.path], encoders: CardFixtures.encoders, output: { _ in }, errorOutput: { _ in })
        #expect(same == 64, "publishing into the input is refused")
    }

    /// `publish` takes `split`'s options: the ratios, seed and τ reach the split it writes (τ near 1
    /// so the fixture's look-alike personas are not one group), and a bad
    /// value is a usage error before anything is read or written.
    @Test func publishPassesTheSplitOptionsOn() async throws {
        let parent = try CardFixtures.folder("publish-options")
        defer { try? FileManager.default.removeItem(at: parent) }
        let run = try CardFixtures.runDirectory(in: parent)
        let out = parent.appendingPathComponent("hub")
        let err = CardCapture()
        let status = await PublishCommandLine.run([run.path, "--out", out.path, "--ratios", "0.5,0.25,0.25", "--seed", "7", "--threshold", "0.999"],
                                                  encoders: CardFixtures.encoders, output: { _ in }, errorOutput: { err.append($0) })
        #expect(status == 0, "\(err.text)")
        let split = try JSONDecoder().decode(SplitReport.self, from: Data(contentsOf: out.appendingPathComponent(PublishedFiles.splitReport)))
        let total = split.groupAware.sizes.reduce(0, +)
        #expect(split.settings.ratios == [0.5, 0.25, 0.25] && split.settings.seed == 7 && split.settings.threshold > 0.998)
        #expect(abs(Double(split.groupAware.sizes[0]) / Double(total) - 0.5) < 0.2, "train share follows --ratios: \(split.groupAware.sizes)")

        let badOut = parent.appendingPathComponent("bad")
        let bad = await PublishCommandLine.run([run.path, "--out", badOut.path, "--ratios", "0.5,0.5"], encoders: CardFixtures.encoders,
                                               output: { _ in }, errorOutput: { _ in })
        #expect(bad == 64)
        #expect(!FileManager.default.fileExists(atPath: badOut.path), "nothing written for a usage error")
    }
}
