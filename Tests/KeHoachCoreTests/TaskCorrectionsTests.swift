import Foundation
import KeHoachCore
import Testing

@Suite("Corrections typed in the import preview")
struct TaskCorrectionsTests {
    func plan() -> PlanDocument {
        PlanDocument(source: nil, plan: PlanInfo(title: "Kế hoạch", number: nil, issuer: nil, issuedOn: nil, span: nil, reporting: nil),
                     indicators: [], tasks: [
                        PlanTask(code: "I.1", group: "I", name: "Tuyên truyền", leadAgencies: ["Sở Văn hóa, Thể thao và Du lịch"],
                                 partnerAgencies: [], product: nil, deadline: DeadlineParser.parse("khi được giao")),
                        PlanTask(code: "I.2", group: "I", name: "Tập huấn", leadAgencies: [], partnerAgencies: [], product: "Lớp học",
                                 deadline: DeadlineParser.parse("Năm 2026")),
                     ])
    }

    @Test("agencies typed in one box: `;` and line breaks separate them, a name with commas stays whole")
    func agencies() {
        #expect(TaskCorrections.agencies("Sở Văn hóa, Thể thao và Du lịch; Sở Tài chính\nUBND các xã") ==
                ["Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính", "UBND các xã"])
        #expect(TaskCorrections.agencies(" ; ").isEmpty)
    }

    @Test("refused: an empty name, a deadline no rule reads, a value too long; accepted: an empty deadline, a readable one")
    func problems() {
        #expect(TaskCorrections.problem(.name, "  ") == "Tên nhiệm vụ không được để trống.")
        #expect(TaskCorrections.problem(.deadline, "sớm")?.hasPrefix("Không đọc được thời hạn “sớm”") == true)
        #expect(TaskCorrections.problem(.product, String(repeating: "a", count: 1_001)) != nil)
        #expect(TaskCorrections.problem(.deadline, "") == nil)
        #expect(TaskCorrections.problem(.deadline, "Trước 30/6/2026") == nil)
        #expect(TaskCorrections.problem(.lead, "") == nil)
    }

    @Test("applied by code: what changed is returned with the value before and after; an unchanged or unknown value is not a correction")
    func apply() {
        var doc = plan()
        let applied = TaskCorrections.apply([
            "I.1": ["lead": "Sở Văn hóa, Thể thao và Du lịch", "deadline": "Quý III/2026", "name": "Tuyên truyền "],
            "I.2": ["lead": "Sở Nội vụ;Sở Tài chính", "product": "", "deadline": "sớm"],
            "IX.9": ["name": "Không có"],
        ], to: &doc)
        #expect(applied == [
            PlanCorrection(code: "I.1", field: .deadline, before: "khi được giao", after: "Quý III/2026"),
            PlanCorrection(code: "I.2", field: .lead, before: "", after: "Sở Nội vụ; Sở Tài chính"),
            PlanCorrection(code: "I.2", field: .product, before: "Lớp học", after: ""),
        ])
        #expect(doc.tasks[0].deadline?.due == CivilDate(year: 2026, month: 9, day: 30))
        #expect(doc.tasks[1].leadAgencies == ["Sở Nội vụ", "Sở Tài chính"])
        #expect(doc.tasks[1].product == nil)
        #expect(doc.tasks[1].deadline?.text == "Năm 2026") // a refused value changes nothing
        #expect(applied[1].subject == "nhiệm vụ I.2 · Cơ quan chủ trì")
    }
}
