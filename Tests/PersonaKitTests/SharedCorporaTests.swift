import Foundation
import PersonaKit
import TestSupport
import Testing

@Suite("Reading the shared evaluation corpora")
struct SharedCorporaTests {
    static let personaHub = "data/corpora/personahub-5000.txt"
    static let personaChat = "data/corpora/Synthetic-Persona-Chat_valid.csv"

    @Test("personahub-5000.txt holds 5000 one-line personas",
          .enabled(if: SharedData.file(personaHub) != nil, "skipped: ../shared/\(personaHub) is absent"))
    func personaHub5000() throws {
        let url = try #require(SharedData.file(Self.personaHub))
        let (records, summary) = try Samples.readAll(url, .plainText, .strict)
        #expect(records.count == 5000)
        #expect(summary.skippedCount == 0)
        #expect(records.allSatisfy { !$0.text.isEmpty && !$0.text.contains("\n") })
    }

    @Test("Synthetic-Persona-Chat: every row's multi-line persona cell, row lines increasing",
          .enabled(if: SharedData.file(personaChat) != nil, "skipped: ../shared/\(personaChat) is absent"))
    func syntheticPersonaChat() throws {
        let url = try #require(SharedData.file(Self.personaChat))
        let (records, summary) = try Samples.readAll(url, .csv(column: "user 1 personas"), .strict)
        #expect(summary.skippedCount == 0)
        #expect(records.count == 1000)  // Python csv.DictReader counts 1000 rows
        #expect(records.first?.line == 2)
        #expect(zip(records, records.dropFirst()).allSatisfy { $0.line < $1.line })
        #expect(records.filter { $0.text.contains("\n") }.count > records.count / 2)
        let conversations = try Samples.readAll(url, .csv(column: "Best Generated Conversation"), .strict).0
        #expect(conversations.count == records.count)
    }
}
