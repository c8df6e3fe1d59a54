<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="vi_VN">
<context>
    <name>AddressField</name>
    <message>
        <location filename="../../helper_app/ui/form/address_field.py" line="55"/>
        <source>Số nhà, đường, thôn/xóm</source>
        <translation>House number, street, hamlet</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/address_field.py" line="57"/>
        <source>Địa chỉ cũ (3 cấp)</source>
        <translation>Old address (3 levels)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/address_field.py" line="59"/>
        <source>Địa chỉ ghi trên giấy tờ cũ trước 01/07/2025: xã, huyện, tỉnh theo tên.</source>
        <translation>An address written on documents from before 1 July 2025: commune, district and province by name.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/address_field.py" line="69"/>
        <source>Xã/phường</source>
        <translation>Commune/ward</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/address_field.py" line="70"/>
        <source>Quận/huyện</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/address_field.py" line="71"/>
        <source>Tỉnh/thành phố</source>
        <translation>Province/city</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/address_field.py" line="101"/>
        <source>Gõ tên xã/phường để tìm (có dấu hoặc không)</source>
        <translation>Type the commune/ward name to search (with or without accents)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/address_field.py" line="116"/>
        <source>Không tìm thấy xã/phường “%1” trong danh mục; hãy chọn trong danh sách gợi ý.</source>
        <translation>No commune or ward “%1” in the directory; pick one from the suggestions.</translation>
    </message>
</context>
<context>
    <name>AttachmentController</name>
    <message>
        <location filename="../../helper_app/ui/dossiers/attach.py" line="118"/>
        <source>Ảnh đã thu nhỏ từ %1 xuống %2 điểm ảnh</source>
        <translation>Photo scaled down from %1 to %2 pixels</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../helper_app/ui/change_password.py" line="41"/>
        <location filename="../../helper_app/ui/change_password.py" line="69"/>
        <source>Đổi mật khẩu</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/change_password.py" line="46"/>
        <source>Mật khẩu mới cần ít nhất 10 ký tự và không phải mật khẩu phổ biến. Các máy khác đang đăng nhập bằng tài khoản này sẽ bị đăng xuất; máy này vẫn đăng nhập.</source>
        <translation>The new password needs at least 10 characters and must not be a common password. Other laptops signed in with this account will be signed out; this one stays signed in.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/change_password.py" line="57"/>
        <source>Mật khẩu hiện tại</source>
        <translation>Current password</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/change_password.py" line="58"/>
        <source>Mật khẩu mới</source>
        <translation>New password</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/change_password.py" line="59"/>
        <source>Nhập lại mật khẩu mới</source>
        <translation>Repeat the new password</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/change_password.py" line="70"/>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/change_password.py" line="84"/>
        <source>Hãy nhập mật khẩu hiện tại và mật khẩu mới.</source>
        <translation>Enter the current password and the new one.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/change_password.py" line="87"/>
        <source>Hai lần nhập mật khẩu mới không giống nhau.</source>
        <translation>The two entries of the new password differ.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/change_password.py" line="91"/>
        <source>Đang đổi mật khẩu…</source>
        <translation>Changing the password…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/change_password.py" line="109"/>
        <source>Mật khẩu hiện tại không đúng.</source>
        <translation>The current password is wrong.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/change_password.py" line="115"/>
        <source>Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.</source>
        <translation>Cannot reach the server. Check the network and try again.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/change_password.py" line="118"/>
        <source>Máy chủ trả lời không như mong đợi. Hãy thử lại sau hoặc báo cán bộ.</source>
        <translation>The server gave an unexpected answer. Try again later or tell an official.</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../helper_app/ui/conflicts/dialog.py" line="82"/>
        <source>Giải quyết xung đột</source>
        <translation>Resolve conflicts</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/conflicts/dialog.py" line="88"/>
        <source>Các trường dưới đây đã được sửa ở máy này và cả trên máy chủ. Với mỗi trường, hãy chọn giá trị đúng (hoặc nhập giá trị khác). Kết quả sẽ được gửi lên máy chủ.</source>
        <translation>The fields below were changed on this laptop and on the server. For each field choose the right value (or type another one). The result is sent to the server.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/conflicts/dialog.py" line="98"/>
        <source>Trường</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/conflicts/dialog.py" line="98"/>
        <source>Của bạn</source>
        <translation>Yours</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/conflicts/dialog.py" line="98"/>
        <source>Máy chủ</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/conflicts/dialog.py" line="98"/>
        <source>Giá trị khác</source>
        <translation>Other value</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/conflicts/dialog.py" line="102"/>
        <source>(trống)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/conflicts/dialog.py" line="148"/>
        <source>Lưu lựa chọn và gửi</source>
        <translation>Save the choices and send</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/conflicts/dialog.py" line="151"/>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <location filename="../../helper_app/ui/conflicts/page.py" line="56"/>
        <source>Xung đột</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/conflicts/page.py" line="61"/>
        <source>Khi cùng một trường được sửa ở máy này và trên máy chủ, hồ sơ dừng gửi cho đến khi bạn chọn giá trị đúng cho từng trường.</source>
        <translation>When the same field was changed on this laptop and on the server, the dossier is not sent until you choose the right value for each field.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/conflicts/page.py" line="73"/>
        <source>Không có xung đột nào.</source>
        <translation>No conflicts.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/conflicts/page.py" line="77"/>
        <source>Giải quyết…</source>
        <translation>Resolve…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/conflicts/page.py" line="88"/>
        <source>%1 — %2: %n trường cần chọn</source>
        <translation>
            <numerusform>%1 — %2: %n field to choose</numerusform>
            <numerusform>%1 — %2: %n fields to choose</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/conflicts/page.py" line="89"/>
        <source>(chưa có tên)</source>
        <translation>(no name yet)</translation>
    </message>
</context>
<context>
    <name>ConsentBox</name>
    <message>
        <location filename="../../helper_app/ui/dossiers/consent_box.py" line="30"/>
        <source>Sự đồng ý của người dân</source>
        <translation>The resident&apos;s consent</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/consent_box.py" line="35"/>
        <source>Người dân đồng ý nhận giúp chuẩn bị hồ sơ</source>
        <translation>The resident agrees to help in preparing the dossier</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/consent_box.py" line="38"/>
        <source>Người dân đồng ý cho xử lý dữ liệu cá nhân để nộp hồ sơ này</source>
        <translation>The resident agrees to the processing of personal data to submit this dossier</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/consent_box.py" line="61"/>
        <source>Đã ghi nhận lúc %1</source>
        <translation>Recorded at %1</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../helper_app/ui/form/text_fields.py" line="126"/>
        <source>Lịch…</source>
        <translation>Calendar…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/text_fields.py" line="127"/>
        <source>Chọn ngày trên lịch</source>
        <translation>Pick the date on a calendar</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/text_fields.py" line="143"/>
        <source>dd/mm/yyyy, mm/yyyy hoặc yyyy</source>
        <translation>dd/mm/yyyy, mm/yyyy or yyyy</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/text_fields.py" line="144"/>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
</context>
<context>
    <name>DemoSplash</name>
    <message>
        <location filename="../../helper_app/ui/demo_start.py" line="95"/>
        <source>Helper — bản demo</source>
        <translation>Helper — demo</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/demo_start.py" line="104"/>
        <source>Đang chuẩn bị: máy chủ thử, tài khoản demo, cư dân và hồ sơ mẫu. Việc này mất vài giây.</source>
        <translation>Setting up: a test server, demo accounts, residents and sample dossiers. This takes a few seconds.</translation>
    </message>
</context>
<context>
    <name>DocumentChecklist</name>
    <message>
        <location filename="../../helper_app/ui/form/documents.py" line="208"/>
        <source>Giấy tờ cần nộp</source>
        <translation>Required documents</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/documents.py" line="211"/>
        <source>Giữ bản gốc (không thu nhỏ ảnh chụp)</source>
        <translation>Keep the original (do not scale photos down)</translation>
    </message>
</context>
<context>
    <name>DocumentSlot</name>
    <message>
        <location filename="../../helper_app/ui/form/documents.py" line="103"/>
        <source>Đính kèm…</source>
        <translation>Attach…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/documents.py" line="105"/>
        <source>Chọn tệp ảnh hoặc PDF, hoặc kéo thả tệp vào đây</source>
        <translation>Choose an image or PDF file, or drag and drop files here</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/documents.py" line="124"/>
        <source>✓ đã có tệp</source>
        <translation>✓ file attached</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/documents.py" line="127"/>
        <source>bắt buộc, chưa có tệp</source>
        <translation>required, no file yet</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/documents.py" line="138"/>
        <source>Chọn tệp đính kèm</source>
        <translation>Choose files to attach</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/documents.py" line="140"/>
        <source>Ảnh hoặc PDF (*.jpg *.jpeg *.png *.webp *.heic *.pdf);;Tất cả (*)</source>
        <translation>Images or PDF (*.jpg *.jpeg *.png *.webp *.heic *.pdf);;All files (*)</translation>
    </message>
</context>
<context>
    <name>DossierListModel</name>
    <message>
        <location filename="../../helper_app/ui/dossiers/list_model.py" line="150"/>
        <source>Người</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/list_model.py" line="151"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/list_model.py" line="152"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/list_model.py" line="153"/>
        <source>Cần chú ý</source>
        <translation>Attention</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/list_model.py" line="154"/>
        <source>Cập nhật</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/list_model.py" line="181"/>
        <source>(chưa có tên)</source>
        <translation>(no name yet)</translation>
    </message>
</context>
<context>
    <name>DossierWindow</name>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="170"/>
        <source>Chưa hoàn tất được. Còn những điểm sau (bấm để đến ô cần sửa):</source>
        <translation>Cannot finalize yet. Still to fix (click to go to the field):</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="188"/>
        <source>Hoàn tất</source>
        <translation>Finalize</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="190"/>
        <source>Kiểm tra hồ sơ và đưa vào hàng đợi gửi đi</source>
        <translation>Check the dossier and queue it for sending</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="192"/>
        <source>In phiếu cho người dân</source>
        <translation>Print the resident&apos;s slip</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="195"/>
        <source>Lưu phiếu PDF…</source>
        <translation>Save slip as PDF…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="222"/>
        <source>Mã biên nhận: %1</source>
        <translation>Receipt code: %1</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="236"/>
        <source>Cán bộ yêu cầu bổ sung hồ sơ.</source>
        <translation>The official asked for more information.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="238"/>
        <source>Lời nhắn: «%1»</source>
        <translation>Message: “%1”</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="243"/>
        <source>Hồ sơ đã hoàn tất và đang chờ gửi khi có mạng. Nếu sửa, hồ sơ sẽ quay lại trạng thái nháp và cần bấm «Hoàn tất» lại.</source>
        <translation>The dossier is finalized and waits to be sent when online. Editing it returns it to draft; press “Finalize” again afterwards.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="251"/>
        <source>Hồ sơ ở trạng thái «%1» nên chỉ xem được, không sửa được trên máy này. Chỉ sửa được hồ sơ nháp, chờ gửi hoặc được yêu cầu bổ sung.</source>
        <translation>The dossier is “%1”, so it can be viewed but not edited on this laptop. Only draft, queued and supplement-requested dossiers can be edited.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="275"/>
        <source>Cán bộ yêu cầu sửa hoặc bổ sung những mục sau (bấm để đến mục đó):</source>
        <translation>The official asks to correct or add the following (click to go there):</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="323"/>
        <source>Lưu phiếu PDF</source>
        <translation>Save the slip as PDF</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="323"/>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="327"/>
        <source>Đã lưu phiếu: %1</source>
        <translation>Slip saved: %1</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="337"/>
        <source>Có thay đổi chưa lưu…</source>
        <translation>Unsaved changes…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="374"/>
        <source>Đang lưu…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="387"/>
        <source>Đã lưu lúc %1</source>
        <translation>Saved at %1</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="401"/>
        <source>Chưa lưu được</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="430"/>
        <source>Đã hoàn tất, chờ gửi</source>
        <translation>Finalized, waiting to be sent</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="467"/>
        <source>Hồ sơ</source>
        <translation>Dossier</translation>
    </message>
</context>
<context>
    <name>DossiersPage</name>
    <message>
        <location filename="../../helper_app/ui/dossiers/list_page.py" line="44"/>
        <source>+ Hồ sơ mới</source>
        <translation>+ New dossier</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/list_page.py" line="49"/>
        <source>Mọi trạng thái</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/list_page.py" line="55"/>
        <source>Tìm theo tên người (có dấu hoặc không)</source>
        <translation>Search by person&apos;s name (with or without accents)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/dossiers/list_page.py" line="101"/>
        <source>%n hồ sơ</source>
        <translation>
            <numerusform>%n dossier</numerusform>
            <numerusform>%n dossiers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FileTile</name>
    <message>
        <location filename="../../helper_app/ui/form/documents.py" line="63"/>
        <source>Gỡ tệp này</source>
        <translation>Remove this file</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <location filename="../../helper_app/ui/residents/import_report.py" line="33"/>
        <source>Kết quả nhập tệp %1</source>
        <translation>Import of %1</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/import_report.py" line="37"/>
        <source>Đã thêm %1 cư dân, cập nhật %2, bỏ qua %3 dòng có lỗi.</source>
        <translation>Added %1 residents, updated %2, skipped %3 rows with errors.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/import_report.py" line="48"/>
        <source>Các cột không dùng đến: %1</source>
        <translation>Columns not used: %1</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/import_report.py" line="58"/>
        <source>Lưu ý về các dòng đã nhập:</source>
        <translation>Notes on the rows imported:</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/import_report.py" line="61"/>
        <source>Lưu ý</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/import_report.py" line="73"/>
        <source>Dòng</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/import_report.py" line="73"/>
        <source>Cột</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/import_report.py" line="55"/>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/import_report.py" line="65"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>LineField</name>
    <message>
        <location filename="../../helper_app/ui/form/text_fields.py" line="72"/>
        <source>12 chữ số</source>
        <translation>12 digits</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/text_fields.py" line="73"/>
        <source>Ví dụ 0912345678</source>
        <translation>e.g. 0912345678</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/text_fields.py" line="74"/>
        <source>ten@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/text_fields.py" line="75"/>
        <source>giờ:phút, ví dụ 07:30</source>
        <translation>hours:minutes, e.g. 07:30</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../helper_app/ui/app_lock.py" line="398"/>
        <source>Helper đã khoá</source>
        <translation>Helper is locked</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/app_lock.py" line="413"/>
        <source>Mở khoá</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/app_lock.py" line="431"/>
        <source>Nhập mã PIN hoặc mật khẩu để tiếp tục.</source>
        <translation>Enter the PIN or the passphrase to continue.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/app_lock.py" line="433"/>
        <source>Nhập mã PIN để tiếp tục.</source>
        <translation>Enter the PIN to continue.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/app_lock.py" line="435"/>
        <source>Nhập mật khẩu để tiếp tục.</source>
        <translation>Enter the passphrase to continue.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/app_lock.py" line="437"/>
        <source>Dữ liệu vẫn an toàn; các hồ sơ đang mở được giữ nguyên.</source>
        <translation>The data is safe; open dossiers are kept as they were.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/app_lock.py" line="451"/>
        <source>Đang kiểm tra…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="118"/>
        <source>Helper — Trợ giúp hồ sơ dịch vụ công</source>
        <translation>Helper — public-service dossier assistant</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="135"/>
        <source>Hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="136"/>
        <source>Cư dân</source>
        <translation>Residents</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="137"/>
        <source>Hàng đợi &amp; đồng bộ</source>
        <translation>Outbox &amp; sync</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="138"/>
        <source>Xung đột</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="139"/>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="238"/>
        <source>Hãy đặt mã PIN trước: chưa có gì để mở khoá lại.</source>
        <translation>Set a PIN first: there is nothing to unlock with yet.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="369"/>
        <source>Phường/xã đã đăng xuất máy này. Hãy liên hệ cán bộ để đăng nhập lại. Hàng đợi vẫn được giữ trên máy (đã mã hoá). &lt;a href=&apos;sign-in&apos;&gt;Đăng nhập lại&lt;/a&gt;</source>
        <translation>The ward signed this laptop out. Contact the ward&apos;s staff to sign in again. The queue is kept on this laptop (encrypted). &lt;a href=&apos;sign-in&apos;&gt;Sign in again&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="375"/>
        <source>Phiên đăng nhập đã hết hạn — hàng đợi vẫn được giữ. &lt;a href=&apos;sign-in&apos;&gt;Đăng nhập lại&lt;/a&gt;</source>
        <translation>The sign-in has expired — the queue is kept. &lt;a href=&apos;sign-in&apos;&gt;Sign in again&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="380"/>
        <source>Máy này chưa được cấu hình cho phường. &lt;a href=&apos;sign-in&apos;&gt;Cấu hình bằng tệp hoặc mã QR của phường&lt;/a&gt;, rồi đăng nhập.</source>
        <translation>This laptop is not set up for a ward yet. &lt;a href=&apos;sign-in&apos;&gt;Set it up with the ward&apos;s file or QR code&lt;/a&gt;, then sign in.</translation>
    </message>
</context>
<context>
    <name>NewDossierDialog</name>
    <message>
        <location filename="../../helper_app/ui/dossiers/new_dialog.py" line="58"/>
        <source>Hồ sơ mới</source>
        <translation>New dossier</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/new_dialog.py" line="70"/>
        <source>Bước 1: chọn thủ tục</source>
        <translation>Step 1: choose the procedure</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/new_dialog.py" line="73"/>
        <source>Tìm thủ tục, ví dụ: khai sinh</source>
        <translation>Search procedures, e.g. birth</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/new_dialog.py" line="98"/>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/new_dialog.py" line="100"/>
        <source>Tiếp</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/new_dialog.py" line="168"/>
        <source>Bước 2 (không bắt buộc): hồ sơ này cho ai?</source>
        <translation>Step 2 (optional): who is this dossier for?</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/new_dialog.py" line="177"/>
        <source>(chưa chọn)</source>
        <translation>(none chosen)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/new_dialog.py" line="178"/>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/new_dialog.py" line="186"/>
        <source>Thủ tục này không cần chọn cư dân.</source>
        <translation>This procedure needs no resident.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/new_dialog.py" line="190"/>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/new_dialog.py" line="192"/>
        <source>Tạo hồ sơ</source>
        <translation>Create dossier</translation>
    </message>
</context>
<context>
    <name>NewPassphraseDialog</name>
    <message>
        <location filename="../../helper_app/ui/unlock.py" line="224"/>
        <source>Đặt mật khẩu bảo vệ dữ liệu — Helper</source>
        <translation>Choose a passphrase to protect the data — Helper</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/unlock.py" line="233"/>
        <source>Mật khẩu này mở khoá dữ liệu mỗi lần khởi động. Không ai khôi phục được nếu quên: hãy chọn một câu dễ nhớ và giữ nó cẩn thận.</source>
        <translation>This passphrase unlocks the data at every start. Nobody can recover it if it is forgotten: choose a sentence you will remember and keep it safe.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/unlock.py" line="247"/>
        <source>Mật khẩu mới</source>
        <translation>New passphrase</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/unlock.py" line="248"/>
        <source>Nhập lại</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/unlock.py" line="255"/>
        <source>Đặt mật khẩu</source>
        <translation>Set passphrase</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/unlock.py" line="257"/>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/unlock.py" line="271"/>
        <source>Hai lần nhập chưa khớp.</source>
        <translation>The two entries do not match.</translation>
    </message>
</context>
<context>
    <name>OutboxPage</name>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="65"/>
        <source>Hàng đợi &amp; đồng bộ</source>
        <translation>Outbox &amp; sync</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="70"/>
        <source>Hồ sơ đã bấm «Hoàn tất» nằm ở đây cho đến khi máy chủ nhận. Không có mạng cũng không sao: hàng đợi được giữ và tự gửi khi có mạng. Hồ sơ bị máy chủ trả lại cần sửa theo lý do ghi bên dưới rồi bấm «Hoàn tất» lại.</source>
        <translation>Finalized dossiers wait here until the server has them. No network is fine: the queue is kept and sent when the network is back. A dossier the server returned must be fixed as the reason below says, then finalized again.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="81"/>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="94"/>
        <source>Người</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="95"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="96"/>
        <source>Tình trạng</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="97"/>
        <source>Số lần thử</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="98"/>
        <source>Lý do máy chủ trả lại</source>
        <translation>Why the server returned it</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="111"/>
        <source>Đã xem lý do, bỏ khỏi hàng đợi</source>
        <translation>Reason read, remove from the queue</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="115"/>
        <source>Máy chủ không nhận việc này vì cán bộ đã xử lý hồ sơ; sửa lại cũng không gửi được. Hồ sơ trên máy đã theo đúng trạng thái ở phường.</source>
        <translation>The server did not accept this because an official has already taken up the dossier; editing it would not get it through. The dossier on this laptop now shows its state at the ward.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="126"/>
        <source>Không có hồ sơ nào đang chờ gửi.</source>
        <translation>No dossier is waiting to be sent.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="148"/>
        <source>Bị trả lại</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="150"/>
        <source>Đang gửi</source>
        <translation>Sending</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="151"/>
        <source>Chờ gửi</source>
        <translation>Waiting</translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/outbox/page.py" line="158"/>
        <source>%n hồ sơ đang chờ gửi</source>
        <translation>
            <numerusform>%n dossier waiting to send</numerusform>
            <numerusform>%n dossiers waiting to send</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/outbox/page.py" line="160"/>
        <source>%n bị máy chủ trả lại</source>
        <translation>
            <numerusform>%n returned by the server</numerusform>
            <numerusform>%n returned by the server</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="176"/>
        <source>(chưa có tên)</source>
        <translation>(no name yet)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="192"/>
        <source>Chưa đồng bộ lần nào.</source>
        <translation>Never synced yet.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="199"/>
        <source>Lần đồng bộ gần nhất: xong lúc %1.</source>
        <translation>Last sync: finished at %1.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="201"/>
        <source>Đang đồng bộ (bắt đầu lúc %1)…</source>
        <translation>Syncing (started at %1)…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/outbox/page.py" line="202"/>
        <source>Lần đồng bộ gần nhất lúc %1 chưa xong; sẽ tự thử lại.</source>
        <translation>The last sync at %1 did not finish; it will retry by itself.</translation>
    </message>
</context>
<context>
    <name>PersonField</name>
    <message>
        <location filename="../../helper_app/ui/form/person_field.py" line="33"/>
        <location filename="../../helper_app/ui/form/person_field.py" line="63"/>
        <location filename="../../helper_app/ui/form/person_field.py" line="77"/>
        <source>(chưa chọn cư dân)</source>
        <translation>(no resident chosen)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/person_field.py" line="34"/>
        <source>Chọn cư dân…</source>
        <translation>Choose resident…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/person_field.py" line="36"/>
        <source>Bỏ chọn</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/person_field.py" line="68"/>
        <source>(cư dân không còn trong danh bạ)</source>
        <translation>(resident no longer in the directory)</translation>
    </message>
</context>
<context>
    <name>ProvisioningLinkDialog</name>
    <message>
        <location filename="../../helper_app/ui/provisioning_link_dialog.py" line="48"/>
        <source>Mã QR cấu hình của phường</source>
        <translation>The ward&apos;s provisioning QR code</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/provisioning_link_dialog.py" line="53"/>
        <source>Trên trang cán bộ (mục “Cấu hình máy”), quản trị viên tạo một mã QR. Chụp ảnh mã rồi chọn ảnh ở đây, hoặc dán nội dung của mã. Máy cần có mạng để tải cấu hình.</source>
        <translation>On the officer console (“Set up laptops”), an administrator makes a QR code. Take a photo of the code and pick it here, or paste the code&apos;s text. The laptop needs the network to download the set-up.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/provisioning_link_dialog.py" line="60"/>
        <source>Chọn ảnh chụp mã QR…</source>
        <translation>Pick a photo of the QR code…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/provisioning_link_dialog.py" line="77"/>
        <source>Áp dụng</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/provisioning_link_dialog.py" line="78"/>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/provisioning_link_dialog.py" line="90"/>
        <source>Chọn ảnh chụp mã QR</source>
        <translation>Pick a photo of the QR code</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/provisioning_link_dialog.py" line="92"/>
        <source>Ảnh (*.png *.jpg *.jpeg *.bmp *.gif *.webp);;Mọi tệp (*)</source>
        <translation>Pictures (*.png *.jpg *.jpeg *.bmp *.gif *.webp);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/provisioning_link_dialog.py" line="99"/>
        <source>Đang đọc mã QR trong ảnh…</source>
        <translation>Reading the QR code in the picture…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/provisioning_link_dialog.py" line="107"/>
        <source>Mã QR trong ảnh không phải mã cấu hình của Helper.</source>
        <translation>The QR code in the picture is not a Helper provisioning code.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/provisioning_link_dialog.py" line="117"/>
        <source>Không tìm thấy mã QR trong ảnh. Hãy chụp lại gần hơn, đủ sáng, cả mã nằm trong khung.</source>
        <translation>No QR code found in the picture. Take it again closer, in good light, with the whole code in the frame.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/provisioning_link_dialog.py" line="122"/>
        <source>Không mở được tệp ảnh này.</source>
        <translation>This picture file cannot be opened.</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <location filename="../../helper_app/ui/receipt.py" line="77"/>
        <source>PHIẾU BIÊN NHẬN HỒ SƠ</source>
        <translation>DOSSIER RECEIPT</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/receipt.py" line="79"/>
        <source>PHIẾU GHI NHẬN HỒ SƠ CHỜ GỬI</source>
        <translation>DOSSIER PREPARED — WAITING TO BE SENT</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/receipt.py" line="106"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/receipt.py" line="108"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/receipt.py" line="111"/>
        <source>Mã biên nhận</source>
        <translation>Receipt code</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/receipt.py" line="113"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/receipt.py" line="117"/>
        <source>Không có giấy tờ kèm theo</source>
        <translation>No documents attached</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/receipt.py" line="120"/>
        <source>Phường đã tiếp nhận hồ sơ. Khi hỏi về hồ sơ, xin đọc mã biên nhận hoặc đưa mã QR.</source>
        <translation>The ward has received the dossier. When asking about it, quote the receipt code or show the QR code.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/receipt.py" line="125"/>
        <source>Hồ sơ đã được chuẩn bị lúc %1 và đang chờ gửi lên máy chủ của phường. Đây chưa phải biên nhận: mã biên nhận sẽ có khi phường tiếp nhận hồ sơ.</source>
        <translation>The dossier was prepared at %1 and is waiting to be sent to the ward&apos;s server. This is not a receipt yet: the receipt code comes when the ward receives the dossier.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/receipt.py" line="130"/>
        <source>Mã tra cứu: %1</source>
        <translation>Tracking code: %1</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/receipt.py" line="132"/>
        <source>Giấy tờ đã nộp</source>
        <translation>Documents handed in</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/receipt.py" line="133"/>
        <source>Ngày lập phiếu: %1</source>
        <translation>Slip made: %1</translation>
    </message>
</context>
<context>
    <name>RepeatField</name>
    <message>
        <location filename="../../helper_app/ui/form/repeat_field.py" line="58"/>
        <source>Thêm dòng</source>
        <translation>Add row</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/repeat_field.py" line="94"/>
        <source>Dòng %1</source>
        <translation>Row %1</translation>
    </message>
</context>
<context>
    <name>RepeatRow</name>
    <message>
        <location filename="../../helper_app/ui/form/repeat_field.py" line="28"/>
        <source>Xoá dòng này</source>
        <translation>Remove this row</translation>
    </message>
</context>
<context>
    <name>ResidentDialog</name>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="64"/>
        <source>Sửa cư dân</source>
        <translation>Edit resident</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="64"/>
        <source>Thêm cư dân</source>
        <translation>Add resident</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="69"/>
        <source>Họ và tên *</source>
        <translation>Full name *</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="71"/>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="71"/>
        <source>dd/mm/yyyy, mm/yyyy hoặc yyyy</source>
        <translation>dd/mm/yyyy, mm/yyyy or yyyy</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="74"/>
        <source>— chọn —</source>
        <translation>— choose —</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="75"/>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="76"/>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="77"/>
        <source>Giới tính</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="79"/>
        <source>Số định danh cá nhân</source>
        <translation>Personal ID number</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="79"/>
        <source>12 chữ số</source>
        <translation>12 digits</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="82"/>
        <source>Số điện thoại</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="82"/>
        <source>Ví dụ 0912345678</source>
        <translation>e.g. 0912345678</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="84"/>
        <source>Dân tộc</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="84"/>
        <source>Ví dụ: Kinh</source>
        <translation>e.g. Kinh</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="86"/>
        <source>Quốc tịch</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="86"/>
        <source>Việt Nam</source>
        <translation>Việt Nam</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="90"/>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="94"/>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/edit_dialog.py" line="96"/>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ResidentPickerDialog</name>
    <message>
        <location filename="../../helper_app/ui/residents/picker.py" line="59"/>
        <source>Chọn cư dân</source>
        <translation>Choose a resident</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/picker.py" line="64"/>
        <source>Tìm theo tên (có dấu hoặc không), số định danh hoặc số điện thoại:</source>
        <translation>Search by name (with or without accents), ID number or phone:</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/picker.py" line="69"/>
        <source>Ví dụ: nguyen van an</source>
        <translation>e.g. nguyen van an</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/picker.py" line="74"/>
        <source>Chọn</source>
        <translation>Choose</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/picker.py" line="75"/>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ResidentsPage</name>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="82"/>
        <source>Tìm theo tên (có dấu hoặc không), số định danh, số điện thoại</source>
        <translation>Search by name (with or without accents), ID number, phone</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="86"/>
        <source>+ Thêm cư dân</source>
        <translation>+ Add resident</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="88"/>
        <source>Sửa</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="90"/>
        <source>Nhập từ tệp CSV…</source>
        <translation>Import CSV…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="93"/>
        <source>Xoá dữ liệu cư dân này…</source>
        <translation>Erase this resident&apos;s data…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="109"/>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="110"/>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="111"/>
        <source>Giới tính</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="112"/>
        <source>Số định danh</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="113"/>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/residents/page.py" line="167"/>
        <source>%n cư dân</source>
        <translation>
            <numerusform>%n resident</numerusform>
            <numerusform>%n residents</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="223"/>
        <source>Chọn tệp CSV cư dân</source>
        <translation>Choose a residents CSV file</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="223"/>
        <source>Tệp CSV (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="261"/>
        <source>Xoá khỏi máy này mọi dữ liệu của %1:

• thông tin cư dân (họ tên, ngày sinh, số định danh, điện thoại, địa chỉ);
• mọi hồ sơ trên máy có tên hoặc số định danh của người này, kể cả hồ sơ chưa gửi, cùng các tệp đính kèm của chúng;
• lịch sử thao tác về người này và hộ gia đình nếu không còn ai khác.

Không thể hoàn tác. Máy chủ vẫn giữ các hồ sơ đã gửi (cán bộ xử lý yêu cầu xoá ở đó). Máy chỉ ghi lại rằng đã có một lần xoá, không ghi đã xoá những gì.</source>
        <translation>Remove from this computer all data of %1:

• the resident&apos;s details (name, date of birth, ID number, phone, address);
• every dossier on this computer with this person&apos;s name or ID number, including unsent ones, and their attached files;
• the history of actions about this person, and the household if nobody else is in it.

This cannot be undone. The server keeps the dossiers already sent (an official handles erasure there). The computer records only that an erasure happened, not what was erased.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="269"/>
        <source>Xoá dữ liệu cư dân</source>
        <translation>Erase resident data</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="272"/>
        <source>Xoá vĩnh viễn</source>
        <translation>Erase permanently</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="274"/>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="280"/>
        <source>Đang xoá…</source>
        <translation>Erasing…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="293"/>
        <source>Đã xoá dữ liệu cư dân: %1 hồ sơ, %2 tệp đính kèm.</source>
        <translation>Resident data erased: %1 dossier(s), %2 attached file(s).</translation>
    </message>
</context>
<context>
    <name>RetentionBox</name>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="390"/>
        <source>Lưu giữ hồ sơ trên máy</source>
        <translation>Keeping dossiers on this computer</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="397"/>
        <source> ngày</source>
        <translation> days</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="400"/>
        <source>Xoá hồ sơ đã được tiếp nhận sau</source>
        <translation>Remove received dossiers after</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="404"/>
        <source>Hồ sơ máy chủ đã tiếp nhận (và đã xác nhận đủ tệp) được xoá khỏi máy này khi không thay đổi quá số ngày trên; máy chủ vẫn giữ bản của nó. Việc này chạy ngầm mỗi lần mở ứng dụng.</source>
        <translation>Dossiers the server has received (with all their files confirmed) are removed from this computer once unchanged for longer than this; the server keeps its copy. This runs in the background at every start.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="412"/>
        <source>Xoá dữ liệu hồ sơ đã được tiếp nhận</source>
        <translation>Remove data of received dossiers</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="427"/>
        <source>Đang xoá…</source>
        <translation>Erasing…</translation>
    </message>
</context>
<context>
    <name>SecretDialog</name>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="89"/>
        <source>Mới</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="90"/>
        <source>Nhập lại</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="122"/>
        <source>Mã PIN gồm ít nhất %1 chữ số.</source>
        <translation>A PIN has at least %1 digits.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="126"/>
        <source>Hai lần nhập chưa khớp.</source>
        <translation>The two entries do not match.</translation>
    </message>
</context>
<context>
    <name>SecurityBox</name>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="170"/>
        <source>Bảo vệ dữ liệu</source>
        <translation>Data protection</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="181"/>
        <source> phút</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="184"/>
        <source>Tự khoá sau khi không dùng</source>
        <translation>Lock after being idle for</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="188"/>
        <source>Khoá ứng dụng</source>
        <translation>App lock</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="192"/>
        <source>Khoá mã hoá dữ liệu</source>
        <translation>Data encryption key</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="198"/>
        <source>Khoá ngay (Ctrl+L)</source>
        <translation>Lock now (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="206"/>
        <source>Dùng mật khẩu…</source>
        <translation>Use a passphrase…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="209"/>
        <source>Đổi mật khẩu…</source>
        <translation>Change passphrase…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="212"/>
        <source>Dùng kho khoá hệ điều hành…</source>
        <translation>Use the system keyring…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="230"/>
        <source>Bật: mở bằng mã PIN.</source>
        <translation>On: unlock with the PIN.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="232"/>
        <source>Bật: mở bằng mật khẩu dữ liệu.</source>
        <translation>On: unlock with the data passphrase.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="234"/>
        <source>Tắt: hãy đặt mã PIN để bật khoá tự động.</source>
        <translation>Off: set a PIN to turn on the automatic lock.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="235"/>
        <source>Đổi mã PIN…</source>
        <translation>Change PIN…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="235"/>
        <source>Đặt mã PIN…</source>
        <translation>Set PIN…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="240"/>
        <source>Không mã hoá (chế độ kiểm thử).</source>
        <translation>Not encrypted (test mode).</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="242"/>
        <source>Mật khẩu (không lưu ở đâu cả; nhập mỗi lần mở).</source>
        <translation>Passphrase (stored nowhere; typed at every start).</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="244"/>
        <source>Kho khoá của hệ điều hành.</source>
        <translation>The operating system&apos;s keyring.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="279"/>
        <source>Mã PIN mở khoá ứng dụng</source>
        <translation>PIN to unlock the app</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="281"/>
        <source>Mã PIN hiện tại</source>
        <translation>Current PIN</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="290"/>
        <source>Mã PIN hiện tại không đúng. Không có gì thay đổi.</source>
        <translation>The current PIN is wrong. Nothing was changed.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="303"/>
        <source>Đã lưu mã PIN.</source>
        <translation>PIN saved.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="309"/>
        <source>Khoá dữ liệu bằng mật khẩu</source>
        <translation>Protect the data with a passphrase</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="320"/>
        <source>Đổi mật khẩu dữ liệu</source>
        <translation>Change the data passphrase</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="322"/>
        <location filename="../../helper_app/ui/security_settings.py" line="333"/>
        <source>Mật khẩu hiện tại</source>
        <translation>Current passphrase</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="331"/>
        <source>Giữ khoá trong kho khoá của hệ điều hành</source>
        <translation>Keep the key in the operating system&apos;s keyring</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="349"/>
        <source>Dữ liệu giờ được khoá bằng mật khẩu. Hãy nhớ kỹ mật khẩu này.</source>
        <translation>The data is now protected by a passphrase. Remember it well.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="352"/>
        <source>Đã đổi mật khẩu. Dữ liệu không bị mã hoá lại, không mất gì.</source>
        <translation>Passphrase changed. Nothing was re-encrypted, nothing was lost.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="355"/>
        <source>Khoá dữ liệu giờ nằm trong kho khoá của hệ điều hành.</source>
        <translation>The data key is now in the operating system&apos;s keyring.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/security_settings.py" line="361"/>
        <source>Đang xử lý…</source>
        <translation>Working…</translation>
    </message>
</context>
<context>
    <name>SelectField</name>
    <message>
        <location filename="../../helper_app/ui/form/choice_fields.py" line="25"/>
        <source>— chọn —</source>
        <translation>— choose —</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/choice_fields.py" line="33"/>
        <source>— chọn hoặc gõ —</source>
        <translation>— choose or type —</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="73"/>
        <source>Ngôn ngữ giao diện</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="78"/>
        <source> điểm ảnh</source>
        <translation> px</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="81"/>
        <source>Thu nhỏ ảnh chụp còn cạnh dài tối đa</source>
        <translation>Scale photos down to a longest side of</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="85"/>
        <source>Thư mục dữ liệu</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="91"/>
        <source>Ngôn ngữ mới được áp dụng khi mở lại ứng dụng.</source>
        <translation>A new language applies the next time the app starts.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="94"/>
        <source>Lưu cài đặt</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="103"/>
        <source>Tài khoản máy chủ</source>
        <translation>Server account</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="110"/>
        <location filename="../../helper_app/ui/settings_page.py" line="144"/>
        <source>Đăng nhập…</source>
        <translation>Sign in…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="113"/>
        <source>Đăng xuất</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="116"/>
        <source>Xoá phiên đăng nhập khỏi máy này. Hàng đợi vẫn được giữ.</source>
        <translation>Remove the sign-in from this laptop. The queue is kept.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="119"/>
        <source>Đổi mật khẩu…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="133"/>
        <source>Đã đăng nhập: %1 tại %2</source>
        <translation>Signed in: %1 at %2</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="135"/>
        <source>Đã đăng xuất (lần trước: %1 tại %2). Hàng đợi vẫn được giữ.</source>
        <translation>Signed out (last: %1 at %2). The queue is kept.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="137"/>
        <source>Chưa đăng nhập máy chủ nào.</source>
        <translation>Not signed in to any server.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="144"/>
        <source>Đăng nhập lại…</source>
        <translation>Sign in again…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="160"/>
        <source>Đã lưu.</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>SidePanel</name>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="17"/>
        <source>Tin nhắn của cán bộ</source>
        <translation>Official&apos;s message</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="19"/>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="36"/>
        <source>(chưa có tin nhắn)</source>
        <translation>(no message yet)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="25"/>
        <source>Lịch sử</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="45"/>
        <source>Tạo hồ sơ</source>
        <translation>Dossier created</translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="46"/>
        <source>Sửa %n trường</source>
        <translation>
            <numerusform>Edited %n field</numerusform>
            <numerusform>Edited %n fields</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="47"/>
        <source>Hoàn tất, chờ gửi</source>
        <translation>Finalized, queued</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="48"/>
        <source>Rút hồ sơ</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="49"/>
        <source>Đính kèm tệp (%1)</source>
        <translation>File attached (%1)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="50"/>
        <source>Gỡ tệp (%1)</source>
        <translation>File removed (%1)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="51"/>
        <source>Ghi nhận sự đồng ý của người dân</source>
        <translation>Resident&apos;s consent recorded</translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="52"/>
        <source>Chọn giá trị cho %n trường xung đột</source>
        <translation>
            <numerusform>Chose the value of %n conflicting field</numerusform>
            <numerusform>Chose the values of %n conflicting fields</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="53"/>
        <source>Đã gửi lên máy chủ</source>
        <translation>Sent to the server</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="54"/>
        <source>Máy chủ không nhận (xem Hàng đợi &amp; đồng bộ)</source>
        <translation>Refused by the server (see Queue &amp; sync)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="55"/>
        <source>Cán bộ và tình nguyện viên cùng sửa %n trường</source>
        <translation>
            <numerusform>The official and the volunteer both changed %n field</numerusform>
            <numerusform>The official and the volunteer both changed %n fields</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="56"/>
        <source>Cán bộ đã tiếp nhận hồ sơ</source>
        <translation>An official received the dossier</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="57"/>
        <source>Cán bộ đang xử lý hồ sơ</source>
        <translation>An official is processing the dossier</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="58"/>
        <source>Cán bộ yêu cầu bổ sung</source>
        <translation>An official asked for a supplement</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="59"/>
        <source>Đã có kết quả</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="60"/>
        <source>Cán bộ từ chối hồ sơ</source>
        <translation>An official rejected the dossier</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="61"/>
        <source>Cán bộ sửa thông tin hồ sơ</source>
        <translation>An official edited the dossier</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="62"/>
        <source>Gửi từ một máy khác</source>
        <translation>Sent from another device</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="63"/>
        <source>Rút hồ sơ từ một máy khác</source>
        <translation>Withdrawn from another device</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="76"/>
        <source>Đăng nhập máy chủ</source>
        <translation>Sign in to the server</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="81"/>
        <source>Đăng nhập một lần để gửi hồ sơ lên máy chủ của phường. Mật khẩu không được lưu trên máy; máy chỉ giữ phiên đăng nhập trong kho khoá của hệ điều hành.</source>
        <translation>Sign in once to send dossiers to the ward&apos;s server. The password is not kept on this laptop; only the sign-in is kept, in the operating system&apos;s keyring.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="100"/>
        <source>Địa chỉ máy chủ</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="101"/>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="102"/>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="104"/>
        <source>Nhập tệp cấu hình của phường…</source>
        <translation>Import the ward&apos;s provisioning file…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="107"/>
        <source>Tệp .json do quản trị viên của phường cấp (thường trên USB cùng ứng dụng).</source>
        <translation>The .json file from the ward&apos;s administrator (usually on the USB stick with the app).</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="110"/>
        <source>Dùng mã QR của phường…</source>
        <translation>Use the ward&apos;s QR code…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="113"/>
        <source>Mã QR trên trang cán bộ, mục “Cấu hình máy” (cần mạng để tải cấu hình).</source>
        <translation>The QR code on the officer console, “Set up laptops” (needs the network to download the set-up).</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="138"/>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="139"/>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="161"/>
        <source>Chọn tệp cấu hình của phường</source>
        <translation>Choose the ward&apos;s provisioning file</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="163"/>
        <source>Tệp cấu hình (*.json);;Mọi tệp (*)</source>
        <translation>Provisioning files (*.json);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="170"/>
        <source>Đang kiểm tra tệp cấu hình…</source>
        <translation>Checking the provisioning file…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="181"/>
        <source>Đang tải và kiểm tra cấu hình của phường…</source>
        <translation>Downloading and checking the ward&apos;s set-up…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="203"/>
        <source>Đã cấu hình máy cho %1: %2 thủ tục, máy chủ %3.
Dấu vân tay khoá: %4
Hãy so dấu vân tay này với dấu vân tay trên trang cán bộ của máy chủ. Từ nay máy này chỉ nhận tệp do khoá này ký.</source>
        <translation>This laptop is set up for %1: %2 procedures, server %3.
Key fingerprint: %4
Compare this fingerprint with the one on the server&apos;s officer console. From now on this laptop accepts only files signed by this key.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="222"/>
        <source>Không áp dụng được tệp cấu hình (%1). Máy không bị thay đổi.</source>
        <translation>The provisioning file could not be applied (%1). Nothing was changed on this laptop.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="269"/>
        <source>Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://.</source>
        <translation>The server address must start with http:// or https://.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="240"/>
        <source>Hãy nhập tên đăng nhập và mật khẩu.</source>
        <translation>Enter the user name and the password.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="242"/>
        <source>Đang đăng nhập…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="258"/>
        <source>Sai tên đăng nhập hoặc mật khẩu.</source>
        <translation>Wrong user name or password.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="261"/>
        <source>Không kết nối được máy chủ. Kiểm tra địa chỉ và mạng rồi thử lại.</source>
        <translation>Cannot reach the server. Check the address and the network, then try again.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="264"/>
        <source>Đăng nhập sai quá nhiều lần. Hãy chờ vài phút.</source>
        <translation>Too many failed sign-ins. Wait a few minutes.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/sign_in.py" line="273"/>
        <source>Máy chủ trả lời không như mong đợi. Hãy thử lại sau hoặc báo cán bộ.</source>
        <translation>The server gave an unexpected answer. Try again later or tell an official.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../helper_app/ui/labels.py" line="14"/>
        <source>Nháp</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/labels.py" line="15"/>
        <source>Chờ gửi</source>
        <translation>Queued</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/labels.py" line="16"/>
        <source>Đã gửi</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/labels.py" line="17"/>
        <source>Đã tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/labels.py" line="18"/>
        <source>Đang xử lý</source>
        <translation>Processing</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/labels.py" line="19"/>
        <location filename="../../helper_app/ui/labels.py" line="34"/>
        <source>Cần bổ sung</source>
        <translation>Supplement requested</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/labels.py" line="20"/>
        <source>Hoàn thành</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/labels.py" line="21"/>
        <source>Bị từ chối</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/labels.py" line="22"/>
        <source>Đã rút</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/labels.py" line="36"/>
        <source>Xung đột</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/labels.py" line="38"/>
        <source>Bị cách ly</source>
        <translation>Quarantined</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../helper_app/ui/sync_controller.py" line="403"/>
        <source>Đồng bộ gặp lỗi ngoài dự kiến (%1); hàng đợi vẫn được giữ và sẽ tự thử lại.</source>
        <translation>Sync hit an unexpected error (%1); the queue is kept and it will try again by itself.</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="40"/>
        <location filename="../../helper_app/ui/status_bar.py" line="95"/>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="56"/>
        <source>vừa xong</source>
        <translation>just now</translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/status_bar.py" line="58"/>
        <source>%n phút trước</source>
        <translation>
            <numerusform>%n minute ago</numerusform>
            <numerusform>%n minutes ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/status_bar.py" line="60"/>
        <source>%n giờ trước</source>
        <translation>
            <numerusform>%n hour ago</numerusform>
            <numerusform>%n hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/status_bar.py" line="61"/>
        <source>%n ngày trước</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="66"/>
        <source>● Chưa đăng nhập</source>
        <translation>● Not signed in</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="69"/>
        <source>● Chưa rõ kết nối</source>
        <translation>● Connection unknown</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="72"/>
        <source>● Trực tuyến</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="75"/>
        <source>● Ngoại tuyến</source>
        <translation>● Offline</translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/status_bar.py" line="77"/>
        <source>%n hồ sơ đang chờ gửi</source>
        <translation>
            <numerusform>%n dossier waiting to send</numerusform>
            <numerusform>%n dossiers waiting to send</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/status_bar.py" line="79"/>
        <source>%n bị máy chủ trả lại</source>
        <translation>
            <numerusform>%n returned by the server</numerusform>
            <numerusform>%n returned by the server</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="92"/>
        <source>Đăng nhập để đồng bộ</source>
        <translation>Sign in to sync</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="93"/>
        <source>Đăng nhập máy chủ để gửi hàng đợi</source>
        <translation>Sign in to the server to send the queue</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="96"/>
        <source>Gửi hàng đợi và nhận cập nhật từ máy chủ ngay</source>
        <translation>Send the queue and fetch updates from the server now</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="83"/>
        <source>Đồng bộ lần cuối: chưa đồng bộ</source>
        <translation>Last sync: never</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="86"/>
        <source>Đồng bộ lần cuối: %1</source>
        <translation>Last sync: %1</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../helper_app/ui/unlock.py" line="163"/>
        <source>Mở khoá dữ liệu — Helper</source>
        <translation>Unlock the data — Helper</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/unlock.py" line="168"/>
        <source>Dữ liệu của cư dân trên máy này được mã hoá. Nhập mật khẩu để mở. Mật khẩu không được lưu ở đâu cả.</source>
        <translation>The residents&apos; data on this computer is encrypted. Enter the passphrase to open it. The passphrase is not stored anywhere.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/unlock.py" line="179"/>
        <source>Mật khẩu</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/unlock.py" line="190"/>
        <source>Mở khoá</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/unlock.py" line="193"/>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/unlock.py" line="203"/>
        <source>Còn %n lần thử.</source>
        <translation>
            <numerusform>%n try left.</numerusform>
            <numerusform>%n tries left.</numerusform>
        </translation>
    </message>
</context>
</TS>
