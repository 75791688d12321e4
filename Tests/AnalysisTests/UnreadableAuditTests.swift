import Embedding
import Foundation
import Testing
import TestSupport
@testable import Analysis

/// MiniLM, loaded once for the suite (nil when `models/` is absent).
private let miniLM: MiniLMEncoder? = SharedData.modelDirectory.flatMap { try? MiniLMEncoder(modelDirectory: $0) }

@Suite("Audit: texts the model cannot read")
struct UnreadableAuditTests {
    /// English, French and Spanish personas (readable) and seven in other scripts (unreadable).
    static let texts = [
        MultilingualPersonas.english, MultilingualPersonas.englishOther, MultilingualPersonas.french, MultilingualPersonas.spanish,
        "A night-shift baker in Leeds who trains for marathons before dawn.",
        "A high-school chemistry teacher who coaches the robotics team.",
        "A beekeeper in Vermont who sells honey at the farmers market.",
        "A jazz pianist who teaches online lessons to retirees.",
        "A wildlife photographer who spends winters in the Arctic.",
        "A tax accountant who collects vintage fountain pens.",
        "A nurse practitioner who volunteers at a free clinic on weekends.",
        "A marine biologist studying coral reefs off the coast of Belize.",
        MultilingualPersonas.chinese, MultilingualPersonas.chineseOther, MultilingualPersonas.thai, MultilingualPersonas.thaiOther,
        MultilingualPersonas.russian, MultilingualPersonas.greek, MultilingualPersonas.arabic,
    ]
    static let unreadable = Set(12 ..< 19)

    static var dataset: AuditDataset {
        AuditDataset(source: "mixed.txt", format: "text", ids: texts.indices.map { String($0 + 1) }, texts: texts)
    }

    @Test("Unreadable texts are reported in their own section and kept out of near-duplicate and trope clusters",
          .enabled(if: miniLM != nil, "models/all-MiniLM-L6-v2 is absent"))
    func mixedDataset() async throws {
        let encoder = try #require(miniLM)
        var options = AuditOptions()
        options.clusters = 3
        let result = try await Auditor.run(dataset: Self.dataset, encoder: encoder, options: options)
        let section = try #require(result.report.unreadable)
        #expect(section.count == Self.unreadable.count)
        #expect(section.byScript == ["han": 2, "thai": 2, "cyrillic": 1, "greek": 1, "arabic": 1])
        #expect(Set(section.examples.map(\.script)).count == 5)
        for index in Self.texts.indices {
            let measured = try #require(result.items.readability?[index])
            #expect(measured.exceeds(section.limit) == Self.unreadable.contains(index), "\(Self.texts[index])")
            if Self.unreadable.contains(index) {
                #expect(result.items.nearDuplicateCluster[index] == -1)
                #expect(result.items.clusters[index] == -1)
                #expect(result.items.nearest[index] == -1)
            } else {
                #expect(!Self.unreadable.contains(result.items.nearest[index]))
            }
        }
        #expect(result.report.nearDuplicates.clusterCount == 0)
        let exemplars = result.report.tropes.clusters.flatMap(\.exemplars).map { Int($0.id)! - 1 }
        #expect(exemplars.allSatisfy { !Self.unreadable.contains($0) })
        #expect(result.report.tropes.clusters.reduce(0) { $0 + $1.size } == Self.texts.count - Self.unreadable.count)
        #expect(result.report.markdownSummary().contains("## Texts the model cannot read"))
        #expect(result.html().contains("Texts the model cannot read"))
        #expect(String(decoding: try result.report.jsonData(), as: UTF8.self).contains("\"byScript\""))
    }

    @Test("Without the limit, MiniLM puts the two unrelated Thai personas in one near-duplicate cluster",
          .enabled(if: miniLM != nil, "models/all-MiniLM-L6-v2 is absent"))
    func withoutLimit() async throws {
        var options = AuditOptions()
        options.clusters = 3
        options.maxUnreadableShare = 1
        let encoder = try #require(miniLM)
        let result = try await Auditor.run(dataset: Self.dataset, encoder: encoder, options: options)
        #expect(result.report.unreadable?.count == 0)
        let thai = [14, 15].map { result.items.nearDuplicateCluster[$0] }
        #expect(thai[0] >= 0 && thai[0] == thai[1])
    }

    @Test("Persona Hub sample: no near-duplicate cluster at the default settings holds unreadable texts",
          .enabled(if: miniLM != nil, "models/all-MiniLM-L6-v2 is absent"))
    func personaHub() async throws {
        guard let url = SharedData.file("data/corpora/personahub-5000.txt") else {
            print(SharedData.skipMessage("data/corpora/personahub-5000.txt"))
            return
        }
        let dataset = try AuditDataset.read(url, options: .init())
        let encoder = try #require(miniLM)
        let result = try await Auditor.run(dataset: dataset, encoder: encoder, options: AuditOptions())
        let section = try #require(result.report.unreadable)
        let readability = try #require(result.items.readability)
        print("Persona Hub: \(section.count) unreadable \(section.byScript); near-duplicate clusters \(result.report.nearDuplicates.clusterCount)")
        #expect(section.count > 0)
        for (index, cluster) in result.items.nearDuplicateCluster.enumerated() where cluster >= 0 {
            #expect(!readability[index].exceeds(section.limit), "item \(dataset.ids[index]) in near-duplicate cluster \(cluster)")
        }
        #expect(result.report.tropes.clusters.allSatisfy { $0.exemplars.allSatisfy { item in
            !readability[Int(item.id)! - 1].exceeds(section.limit)
        } })
    }
}
