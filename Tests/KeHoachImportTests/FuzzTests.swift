import Foundation
import KeHoachCore
import KeHoachImport
import Testing

/// Random and damaged documents: every one either imports or fails with a typed error; none crashes or hangs.
/// Deterministic seeds, so that a failure can be replayed. (The long fuzzing run belongs to the trust suite.)
@Suite("Importer fuzzing")
struct FuzzTests {
    static let fragments = [
        "STT\tTên nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tKết quả/sản phẩm\tThời gian hoàn thành\n",
        "STT Nhiệm vụ cụ thể Cơ quan chủ \ntrì Cơ quan phối hợp\nThời hạn \nhoàn \nthành\nSản phẩm/Kết quả\n",
        "I\tNhóm nhiệm vụ\t\t\t\t\n", "1\tXây dựng\tSở Tư pháp\t\t\tQuý \n", "\t\tcontinued\t\t\t2026\n",
        "IV Chính quyền số\n", "12\n", "Sở Khoa học và \nCông nghệ\n", "Quý \nII/2026\n", "48% 50%\n", "Có Có\n",
        "2. Mục tiêu cụ thể\n", "a) Đến năm 2030\n", "- 90% hồ sơ; 80% cấp huyện và 60% cấp xã\n", "- Có ≥ 70% TTHC\n",
        "III. NHIỆM VỤ\n", "1. Phát triển\n", "- Cơ quan chủ trì: Sở Y tế.\n", "- Thời gian thực hiện: Thường xuyên.\n",
        "$\\geq 37,6$\t", "1.037/1.378", "\t\t\t\t\t\t\t\t", "\n\n\n", "(", ")", "%", "–", ";", ",", "và ", "các ", "Phần II. NỘI DUNG KẾ HOẠCH NĂM 2026\n",
        "báo cáo định kỳ hằng tháng trước ngày 20.\n", "KẾ HOẠCH\n", "Số: /KH-UBND Lào Cai, ngày 31 tháng 12 năm 2025\n",
    ]

    /// Imports and checks the result's invariants: unique codes, warnings with line numbers inside the file.
    static func check(_ data: Data, lines: Int) {
        do {
            let plan = try PlanImporter.importPlan(data: data, fileName: "fuzz.txt")
            #expect(Set(plan.tasks.map(\.code)).count == plan.tasks.count)
            #expect(Set(plan.indicators.map(\.code)).count == plan.indicators.count)
            #expect(plan.warnings.allSatisfy { $0.line >= 0 && $0.line <= lines + 1 })
            #expect(!plan.indicators.isEmpty || !plan.tasks.isEmpty)
        } catch {
            #expect(!error.message.isEmpty)
        }
    }

    @Test("random assemblies of plan fragments", arguments: 0..<8)
    func fragmentSoup(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed) &* 7919)
        for _ in 0..<150 {
            let count = Int.random(in: 1...120, using: &rng)
            let text = (0..<count).map { _ in Self.fragments.randomElement(using: &rng)! }.joined()
            Self.check(Data(text.utf8), lines: text.split(separator: "\n", omittingEmptySubsequences: false).count)
        }
    }

    @Test("seeds truncated, with lines dropped, duplicated and shuffled", arguments: Seeds.names)
    func damagedSeeds(name: String) throws {
        let original = try Seeds.data(name)
        let lines = String(decoding: original, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var rng = SplitMix64(seed: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
        for round in 0..<25 {
            var damaged = lines
            switch round % 5 {
            case 0: damaged = Array(damaged.prefix(Int.random(in: 0...damaged.count, using: &rng)))
            case 1: for _ in 0..<20 where !damaged.isEmpty { damaged.remove(at: Int.random(in: 0..<damaged.count, using: &rng)) }
            case 2: for _ in 0..<20 where !damaged.isEmpty { let i = Int.random(in: 0..<damaged.count, using: &rng); damaged.insert(damaged[i], at: i) }
            case 3: if damaged.count > 10 { let i = Int.random(in: 0..<(damaged.count - 10), using: &rng); damaged[i..<(i + 10)].shuffle(using: &rng) }
            default:
                // Cut inside a line, possibly inside a multi-byte character.
                var bytes = Array(damaged.joined(separator: "\n").utf8)
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
                Self.check(Data(bytes), lines: lines.count)
                continue
            }
            Self.check(Data(damaged.joined(separator: "\n").utf8), lines: damaged.count)
        }
    }

    @Test("random bytes and random Vietnamese-looking text")
    func randomText() {
        var rng = SplitMix64(seed: 42)
        let alphabet = Array("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ 0123456789.,;:%/-–()\t\nSTTIVX≥≤")
        for _ in 0..<120 {
            let n = Int.random(in: 0...4000, using: &rng)
            let text = String((0..<n).map { _ in alphabet.randomElement(using: &rng)! })
            Self.check(Data(text.utf8), lines: text.filter { $0 == "\n" }.count + 1)
            let bytes = (0..<Int.random(in: 0...2000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            Self.check(Data(bytes), lines: bytes.filter { $0 == 10 }.count + 1)
        }
    }

    @Test("pathological shapes finish: one giant line, a header followed by endless rows, endless continuation rows")
    func pathological() {
        let giantLine = String(repeating: "Sở Khoa học và Công nghệ, ", count: 40_000)
        Self.check(Data(giantLine.utf8), lines: 1)
        let endlessRow = "STT Nhiệm vụ cụ thể Cơ quan chủ trì Cơ quan phối hợp Thời hạn hoàn thành Sản phẩm\n1 Việc\n"
            + String(repeating: "Sở Khoa học và Công nghệ Quý \n", count: 25_000)
        Self.check(Data(endlessRow.utf8), lines: 25_002)
        let continuation = "STT\tTên nhiệm vụ\tCơ quan chủ trì\tThời gian hoàn thành\n1\tA\tSở Y tế\t2026\n"
            + String(repeating: "\tthêm chữ\tthêm\t\n", count: 25_000)
        Self.check(Data(continuation.utf8), lines: 25_002)
        let bullets = "2. Mục tiêu cụ thể\n" + String(repeating: "- 90% hồ sơ, 80% cấp huyện và 70% cấp xã; ít nhất 5% khác\n", count: 5_000)
        Self.check(Data(bullets.utf8), lines: 5_001)
        let paragraph = String(repeating: "chữ không dấu chấm\n", count: 50_000)
        Self.check(Data(paragraph.utf8), lines: 50_000)
    }
}
