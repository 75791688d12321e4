import Foundation
import Testing
import TestSupport
@testable import Analysis

@Suite("Reading the shared persona corpora")
struct SharedCorporaTests {
    @Test(.enabled(if: SharedData.file("data/corpora/personahub-5000.txt") != nil, "../shared/data/corpora/personahub-5000.txt is absent"))
    func personaHubPlainText() throws {
        let url = try #require(SharedData.file("data/corpora/personahub-5000.txt"))
        let dataset = try AuditDataset.read(url, options: .init())
        #expect(dataset.count == 5000)
        #expect(dataset.personas == nil)
        #expect(dataset.ids.first == "1")
    }

    @Test(.enabled(if: SharedData.file("data/corpora/Synthetic-Persona-Chat_valid.csv") != nil, "../shared/data/corpora/Synthetic-Persona-Chat_valid.csv is absent"))
    func syntheticPersonaChatColumn() throws {
        let url = try #require(SharedData.file("data/corpora/Synthetic-Persona-Chat_valid.csv"))
        let dataset = try AuditDataset.read(url, options: .init(column: "user 1 personas"))
        #expect(dataset.count > 100)
        #expect(dataset.texts.allSatisfy { !$0.isEmpty })
        // Cells hold several persona sentences on separate lines.
        #expect(dataset.texts.contains { $0.contains("\n") })
        let missing = #expect(throws: (any Error).self) { try AuditDataset.read(url, options: .init(column: "no such column")) }
        #expect(missing != nil)
    }
}
