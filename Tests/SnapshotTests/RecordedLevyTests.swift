import Testing
import KaiseiCore
import Replay

/// A recorded levy keeps its revision-set hash as 32 bytes (no shared string to retain when
/// two cores read levies); what it gives back must be exactly the text it was given, whatever
/// that text was, and two levies are equal exactly when their texts are.
@Suite("Recorded levies: the revision-set hash held as bytes")
struct RecordedLevyTests {
    func levy(_ text: String) -> RecordedLevy {
        RecordedLevy(tax: .residentTax, fiscalYear: 2026, amount: Yen(1_000), revisionSet: text, watermark: 1, seq: 1,
                     recordedAt: .distantPast, corrected: false, noticeDate: CivilDate(year: 2026, month: 6, day: 10)!)
    }

    @Test("the revision-set text comes back as given: a hash, upper case, short, empty, not hex, non-ASCII")
    func roundTrip() {
        let hash = "5311789b208a279c0e4029ba90e091fb7592d9c2d907e1bbe88a3d934a8aa5db"
        for text in [hash, hash.uppercased(), String(hash.dropLast()), hash + "0", "", "0000000000000000000000000000000000000000000000000000000000000000",
                     "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", String(hash.dropLast()) + "g", "改正"] {
            #expect(levy(text).revisionSet == text)
        }
    }

    @Test("two levies are equal exactly when their revision-set texts are")
    func equality() {
        let a = "5311789b208a279c0e4029ba90e091fb7592d9c2d907e1bbe88a3d934a8aa5db"
        let b = "5311789b208a279c0e4029ba90e091fb7592d9c2d907e1bbe88a3d934a8aa5dc"
        #expect(levy(a) == levy(a))
        #expect(levy(a) != levy(b))
        #expect(levy(a) != levy(a.uppercased()))
        #expect(levy("") != levy("0000000000000000000000000000000000000000000000000000000000000000"))
    }
}
