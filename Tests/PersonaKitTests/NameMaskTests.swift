import Foundation
@testable import PersonaKit
import Testing

@Suite("Name mask")
struct NameMaskTests {
    let token = NameMask.token

    @Test("the full name becomes one token; each part alone too")
    func parts() {
        let mask = NameMask(name: "Heitor Elkayam", username: nil)
        #expect(mask.apply(to: "Heitor Elkayam is a home health aide. Heitor loves it; Elkayam rarely rests.")
            == "\(token) is a home health aide. \(token) loves it; \(token) rarely rests.")
    }

    @Test("middle names, hyphenated parts and possessives")
    func possessives() {
        let mask = NameMask(name: "Mary-Jane Ode Okafor", username: nil)
        #expect(mask.apply(to: "Mary-Jane's shop; Okafor’s van; Ode's dog.") == "\(token)'s shop; \(token)'s van; \(token)'s dog.")
        let james = NameMask(name: "James Voss", username: nil)
        #expect(james.apply(to: "James' boat and Voss's car") == "\(token)'s boat and \(token)'s car")
    }

    @Test("case and accents are ignored; word boundaries are kept")
    func foldingAndBoundaries() {
        let mask = NameMask(name: "Lucía Ibáñez", username: nil)
        #expect(mask.apply(to: "LUCIA IBANEZ, or lucía, met Luciano.") == "\(token), or \(token), met Luciano.")
        let ann = NameMask(name: "Ann Li", username: nil)
        #expect(ann.apply(to: "Anna Lin annotates annual reports; Ann and Li do not.") == "Anna Lin annotates annual reports; \(token) and \(token) do not.")
    }

    @Test("the ASCII fast path folds exactly as Foundation does")
    func asciiFoldMatchesFoundation() {
        for word in ["Heitor", "ELKAYAM", "o'brien", "leok.streams", "Mary-Jane", "x_Y_z9", "AZaz@[`{", ""] {
            let foundation = word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            #expect(NameMask.fold(word) == foundation, "\(word)")
        }
        #expect(NameMask.fold("Lucía") == "lucia")
        #expect(NameMask.fold("O’BRIEN") == "o'brien")
    }

    @Test("ASCII text splits into the same words on the byte path as on the character path")
    func asciiWordsMatchCharacterWords() {
        for text in ["Heitor's van; O'Brien met leok.streams_ at 9.30...", "James' boat -- 'quoted' _x_ end.", "", "...", "a1b2 C3"] {
            let ascii = NameMask.words(in: text).map(\.text)
            let mixed = NameMask.words(in: text + " é").map(\.text)
            #expect(ascii + ["é"] == mixed, "\(text)")
        }
    }

    @Test("the username as a whole, with or without @; initials are left alone")
    func username() {
        let mask = NameMask(name: "J. Okoro", username: "leok.streams")
        #expect(mask.apply(to: "Find @leok.streams or Leok.Streams. J. Okoro streams.") == "Find @\(token) or \(token). J. \(token) streams.")
    }

    @Test("a name that is also a word is masked only where capitalised")
    func ordinaryWords() {
        let mask = NameMask(name: "Hope Rich", username: nil)
        #expect(mask.apply(to: "Hope Rich never gives up hope and is not rich. Rich sings.")
            == "\(token) never gives up hope and is not rich. \(token) sings.")
    }

    @Test("only-the-name and name-word checks")
    func checks() {
        let mask = NameMask(name: "Tariq Dumont", username: "tdumont")
        #expect(mask.isOnlyName("Tariq Dumont."))
        #expect(mask.isOnlyName("tdumont"))
        #expect(!mask.isOnlyName("Tariq Dumont fixes boats."))
        #expect(mask.isNameWord("dumont") && mask.isNameWord(" Tariq ") && !mask.isNameWord("curious"))
        #expect(NameMask(name: "", username: nil).isEmpty)
        #expect(NameMask(name: "", username: nil).apply(to: "unchanged") == "unchanged")
    }

    @Test("the Python twin (Benchmarks/persona-pairs/name_mask.py) masks the reference texts alike")
    func matchesPythonTwin() throws {
        struct Case: Decodable { var name: String; var username: String?; var text: String; var masked: String }
        struct File: Decodable { var token: String; var cases: [Case] }
        let url = try #require(Bundle.module.url(forResource: "Fixtures/name_mask", withExtension: "json"))
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        #expect(file.token == NameMask.token)
        for item in file.cases {
            #expect(NameMask(name: item.name, username: item.username).apply(to: item.text) == item.masked, "\(item.name): \(item.text)")
        }
    }

    @Test("the template masks every field, the name placeholders too, unless it keeps names")
    func template() throws {
        let persona = Persona(name: "Zoë Adeyemi", username: "zoe_a", age: 30, traits: ["calm", "Adeyemi", "wry"],
                              background: "Zoë Adeyemi runs a ferry; Zoe's brother helps.", chattingStyle: "Signs off -Zoë.")
        let shown = PersonaTextTemplate.default.nameBlind(persona)
        #expect(shown.background == "\(token) runs a ferry; \(token)'s brother helps." && shown.chattingStyle == "Signs off -\(token).")
        #expect(shown.traits == ["calm", token, "wry"] && shown.name == token && shown.username == token)
        let withName = try PersonaTextTemplate("{name} ({username}): {background}")
        #expect(withName.render(persona) == "\(token) (\(token)): \(token) runs a ferry; \(token)'s brother helps.")
        #expect(withName.keepingNames().render(persona) == "Zoë Adeyemi (zoe_a): Zoë Adeyemi runs a ferry; Zoe's brother helps.")
        #expect(PersonaTextTemplate.default.nameMasking == "own-name:\(token)" && PersonaTextTemplate.default.keepingNames().nameMasking == "none")
    }
}
