"""Mail that is not a submission: auto-replies, DSN bounces, newsletters, no-reply notices, other official
business, English spam/bank mail, personal mail with a broken attachment. All: no record, no flag, not failed."""

from __future__ import annotations

import random

from . import bodies, contacts, mime
from .ctx import Ctx
from .doc import Doc, P, T
from .docx_writer import render_docx
from .draft import Attachment, Draft, Sender
from .layouts_profile import DOCX
from .pools_people import draw_person
from .pools_places import draw_address
from .util import hex_token, slug, token


def _person_sender(ctx: Ctx, org: str, domain: str, client: str | None = None) -> Sender:
    s = bodies.make_sender(ctx.rng, org, slug(org)[:14], domain)
    if client:
        s.client = client
    return s


def auto_reply(ctx: Ctx) -> Draft:
    rng = ctx.rng
    mailbox = ctx.pick_mailbox()
    region = ctx.region_for(mailbox)
    school = ctx.school(region)
    sender = _person_sender(ctx, school.name, region.domain)
    person = draw_person(rng)
    phone = contacts.mobile(rng)
    style = rng.randint(0, 2)
    topic = rng.choice(["Đề nghị bổ sung hồ sơ điển hình tiên tiến", "Xác nhận đã nhận hồ sơ", "Thông báo tổng hợp điển hình tiên tiến"])
    subject = [f"Trả lời tự động: {topic}", f"Automatic reply: {topic}", f"Vắng mặt: Re: {topic}"][style]
    text = (f"Tôi đang nghỉ phép từ ngày {rng.randint(1, 20)}/{rng.randint(3, 5)} đến hết ngày {rng.randint(21, 28)}/{rng.randint(3, 5)}.\n"
            f"Trường hợp cần gấp xin liên hệ đồng chí {person.name}, điện thoại {phone.written}.\n"
            f"Địa chỉ: {draw_address(rng, region)}.\nTrân trọng.")
    headers = [[("Auto-Submitted", "auto-replied"), ("X-Autoreply", "yes")],
               [("Auto-Submitted", "auto-generated"), ("X-Auto-Response-Suppress", "All"), ("X-MS-Exchange-Inbox-Rules-Loop", sender.address)],
               [("X-Autoreply", "yes"), ("Precedence", "auto_reply")]][style]
    return Draft(mailbox, sender, subject, text, None, extra_headers=headers, category="auto_reply", layout="auto_reply",
                 case=["auto_reply_vacation", "auto_reply_outlook_oof", "auto_reply_no_auto_submitted"][style],
                 hard=["automatic reply with a phone number and an address in it"])


def bounce(ctx: Ctx) -> Draft:
    rng = ctx.rng
    mailbox = ctx.pick_mailbox()
    host = mailbox.address.split("@")[1]
    bad = f"{token(rng, 6).lower()}.{rng.choice(['thcs', 'th', 'mn'])}@{rng.choice(ctx.provinces).domain}"
    nominee = draw_person(rng).name
    sender = Sender("Mail Delivery System", f"MAILER-DAEMON@mx.{host}", [], "thunderbird")

    def custom(draft: Draft, r: random.Random) -> bytes:
        orig_id = f"<{hex_token(r, 16)}.dienhinh@{host}>"
        original = (f"From: {mailbox.display} <{mailbox.address}>\nTo: <{bad}>\nSubject: Đề nghị bổ sung hồ sơ điển hình tiên tiến\n"
                    f"Message-ID: {orig_id}\nAuto-Submitted: auto-replied\nContent-Type: text/plain; charset=utf-8\n"
                    f"Content-Transfer-Encoding: 8bit\n\nHồ sơ của {nominee} còn thiếu: số điện thoại, ảnh chân dung.\n"
                    f"Đề nghị đơn vị bổ sung.\n")
        human = mime.text_part(f"This is the mail system at host mx.{host}.\n\nI'm sorry to have to inform you that your message could not\n"
                               f"be delivered to one or more recipients.\n\n<{bad}>: host mx.{bad.split('@')[1]} said: 550 5.1.1 "
                               f"User unknown\n", "plain", "us-ascii", "7bit")
        status = mime.Part([("Content-Type", "message/delivery-status")],
                           f"Reporting-MTA: dns; mx.{host}\n\nFinal-Recipient: rfc822; {bad}\nAction: failed\nStatus: 5.1.1\n"
                           f"Diagnostic-Code: smtp; 550 5.1.1 User unknown\n".encode())
        kind = r.choice(["message/rfc822", "text/rfc822-headers"])
        body = original.encode() if kind == "message/rfc822" else original.split("\n\n")[0].encode() + b"\n"
        returned = mime.Part([("Content-Type", kind), ("Content-Description", "Undelivered Message")], body)
        bnd = mime.boundary(r, "thunderbird")
        root = mime.multipart("report", [human, status, returned], bnd, '; report-type=delivery-status')
        headers = [("Delivered-To", mailbox.address), ("Return-Path", "<>"), ("MIME-Version", "1.0"),
                   ("From", f"MAILER-DAEMON@mx.{host} (Mail Delivery System)"), ("Date", draft.date.strftime("%a, %d %b %Y %H:%M:%S %z")),
                   ("Message-ID", draft.message_id), ("Subject", "Undelivered Mail Returned to Sender"), ("To", mailbox.address),
                   ("Auto-Submitted", "auto-replied")]
        return mime.serialize(root, headers)

    return Draft(mailbox, sender, "Undelivered Mail Returned to Sender", None, None, category="bounce", layout="dsn",
                 case="bounce_dsn", custom=custom, hard=["DSN (multipart/report) returning a flag mail that names a nominee"])


NEWS_TOPICS = ["Bản tin Giáo dục tuần {n}", "Bản tin Thi đua - Khen thưởng số {n}", "Điểm tin ngành giáo dục ngày {d}/{m}"]


def newsletter(ctx: Ctx) -> Draft:
    rng = ctx.rng
    mailbox = ctx.pick_mailbox()
    region = rng.choice(ctx.provinces)
    domain = f"bantin.{region.domain}"
    sender = Sender(f"Bản tin {region.province}", f"bantin@{domain}", [], "outlook")
    story = draw_person(rng)
    school = ctx.school(region)
    lines = [rng.choice(NEWS_TOPICS).format(n=rng.randint(2, 40), d=rng.randint(1, 28), m=rng.randint(1, 5)), "",
             f"GƯƠNG SÁNG: {story.name} - người thầy tận tụy của {school.name}",
             "Nhiều năm liền đạt danh hiệu Chiến sĩ thi đua cơ sở, Giáo viên dạy giỏi cấp tỉnh...", "",
             f"Ban biên tập: {draw_address(rng, region)}. Điện thoại: {contacts.landline(rng, region.area_code).written}",
             "Bạn nhận được thư này vì đã đăng ký nhận bản tin. Hủy đăng ký: https://" + domain + "/unsubscribe"]
    text = "\n".join(lines)
    headers = [("List-Id", f"Ban tin giao duc <news.{domain}>"), ("List-Unsubscribe", f"<mailto:unsubscribe@{domain}>"),
               ("Precedence", rng.choice(["bulk", "list"]))]
    return Draft(mailbox, sender, lines[0], text, bodies.text_to_html(text, rng), extra_headers=headers, category="unrelated",
                 layout="newsletter", case="newsletter_list_bulk", hard=["bulk newsletter telling the story of an exemplary teacher"])


def noreply(ctx: Ctx) -> Draft:
    rng = ctx.rng
    mailbox = ctx.pick_mailbox()
    region = rng.choice(ctx.provinces)
    kind = rng.randint(0, 2)
    addr = [f"no-reply@dichvucong.{slug(region.province)}.gov.example", "noreply@hrm.edu.example", f"no_reply@qlgd.{region.domain}"][kind]
    sender = Sender(["Cổng dịch vụ công", "Hệ thống quản lý nhân sự", "CSDL ngành"][kind], addr, [], "outlook")
    name = draw_person(rng).name
    subject = ["Thông báo tiếp nhận hồ sơ trực tuyến", "Mã xác thực (OTP) đăng nhập", "Có 3 hồ sơ thi đua mới cần duyệt"][kind]
    text = [f"Hồ sơ số {rng.randint(10**6, 10**7)} của ông/bà {name} đã được tiếp nhận. Vui lòng không trả lời thư này.",
            f"Mã OTP của bạn là {rng.randint(100000, 999999)}. Mã có hiệu lực trong 5 phút. Hotline: 1900 {rng.randint(1000, 9999)}.",
            f"Hồ sơ mới: {name} (Chiến sĩ thi đua cơ sở); {draw_person(rng).name}. Đăng nhập hệ thống để xem chi tiết. Đây là thư tự động."][kind]
    return Draft(mailbox, sender, subject, text, None, category="unrelated", layout="noreply", case="noreply_sender",
                 hard=["system notification from a no-reply address"])


OFFICIAL = [("Giấy mời họp giao ban công tác chuyên môn tháng {m}", "meeting_invitation"),
            ("V/v tổ chức kỳ thi tuyển sinh lớp 10 năm học {y}-{y1}", "exam_dispatch"),
            ("Báo cáo số liệu phổ cập giáo dục năm {y}", "other_report"),
            ("Kế hoạch tổ chức Hội nghị biểu dương điển hình tiên tiến năm {y}", "emulation_plan_not_submission"),
            ("V/v rà soát cơ sở vật chất, thiết bị dạy học", "equipment_review")]


def official_other(ctx: Ctx) -> Draft:
    rng = ctx.rng
    mailbox = ctx.pick_mailbox()
    region = ctx.region_for(mailbox)
    subject, case = rng.choice(OFFICIAL)
    subject = subject.format(m=rng.randint(2, 11), y=ctx.year, y1=ctx.year + 1)
    org = rng.choice([f"Sở GD&ĐT {region.province}", f"UBND {region.district_full}", ctx.school(region).name])
    sender = bodies.make_sender(rng, org, slug(org)[:12], region.domain)
    contact = draw_person(rng)
    doc = Doc(size=13).add(P(org.upper(), bold=True), P(subject.upper(), bold=True, align="center"),
                           P(f"Thời gian: {rng.randint(7, 14)} giờ 00, ngày {rng.randint(1, 28)}/{rng.randint(3, 6)}/{ctx.year}"),
                           P(f"Địa điểm: {draw_address(rng, region)}"),
                           P(f"Đầu mối liên hệ: {contact.name}, điện thoại {contacts.mobile(rng).written}, email "
                             f"{contacts.personal_email(rng, contact.name, contact.given, 'vp')}"),
                           T([["TT", "Đơn vị", "Số lượng"], ["1", ctx.school(region).name, str(rng.randint(1, 5))],
                              ["2", ctx.school(region).name, str(rng.randint(1, 5))]], widths=[1, 6, 2], bold_first_row=True))
    att = Attachment(f"{subject[:40]}.docx", render_docx(doc, rng), DOCX, "other")
    text = bodies.cover_text(rng, mailbox, sender, "văn bản " + subject[0].lower() + subject[1:], ctx.year, None, [att.filename])
    return Draft(mailbox, sender, subject, text, bodies.text_to_html(text, rng), [att], category="unrelated", layout="not_nomination",
                 case=case, hard=["other official business of the office (names, phones, addresses, a DOCX) — not a nomination"])


SPAM = [("Your account has been temporarily suspended", "Please verify your identity within 24 hours at http://secure-verify.example.com. "
         "Call our support line +1 (800) 555-0199. Address: 1200 Market Street, Suite 400, San Francisco, CA 94102."),
        ("Congratulations! You have been selected", "You have won USD 850,000. Contact our agent Mr. John Smith at +44 20 7946 0958 "
         "or claims.dept@winner-notice.example."),
        ("Your monthly statement is ready", "Dear customer, your e-statement for this month is available. Hotline 1800 5888 22. "
         "Head office: 198 Tran Quang Khai, Hoan Kiem, Hanoi."),
        ("Invoice #{n} overdue", "Please find attached invoice {n}. Contact accounts@supplier.example, tel +65 6123 4567.")]


def spam(ctx: Ctx) -> Draft:
    rng = ctx.rng
    mailbox = ctx.pick_mailbox()
    subject, body = rng.choice(SPAM)
    n = rng.randint(10000, 99999)
    sender = Sender(rng.choice(["Account Security", "Customer Service", "Billing Team"]), f"{token(rng, 8).lower()}@{token(rng, 7).lower()}.example",
                    [], rng.choice(["outlook", "thunderbird"]))
    text = body.format(n=n) + "\n\nThis is an automated message. Unsubscribe: reply STOP."
    return Draft(mailbox, sender, subject.format(n=n), text, bodies.text_to_html(text, rng), category="unrelated", layout="spam_en",
                 case="english_spam_or_bank", hard=["English spam/bank mail with phone numbers and a postal address"])


def personal_broken(ctx: Ctx) -> Draft:
    rng = ctx.rng
    mailbox = ctx.pick_mailbox()
    person = draw_person(rng)
    sender = bodies.make_sender(rng, person.name, slug(person.given), "gmail.com")
    data = b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(rng.randint(0, 255) for _ in range(3000))
    text = rng.choice(["Anh ơi em gửi ảnh hôm liên hoan nhé.", "Chị gửi em file ảnh chuyến tham quan, em xem giúp chị."])
    return Draft(mailbox, sender, rng.choice(["ảnh liên hoan", "Gửi ảnh", "anh tham quan"]), text, None,
                 [Attachment("anh lien hoan.jpg", data, "image/jpeg", "other")], category="unrelated", layout="personal_broken",
                 case="personal_mail_broken_attachment", hard=["personal mail whose JPEG is corrupt: not a submission, must not fail"])


BUILDERS = {"auto_reply": auto_reply, "bounce": bounce, "newsletter": newsletter, "noreply": noreply,
            "not_nomination": official_other, "spam_en": spam, "personal_broken": personal_broken}
