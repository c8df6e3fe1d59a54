<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="vi_VN">
<context>
    <name>AddressField</name>
    <message>
        <location filename="../../helper_app/ui/form/address_field.py" line="46"/>
        <source>Số nhà, đường, thôn/xóm</source>
        <translation>House number, street, hamlet</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/address_field.py" line="48"/>
        <source>Địa chỉ cũ (3 cấp)</source>
        <translation>Old address (3 levels)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/address_field.py" line="50"/>
        <source>Địa chỉ ghi trên giấy tờ cũ trước 01/07/2025: xã, huyện, tỉnh theo tên.</source>
        <translation>An address written on documents from before 1 July 2025: commune, district and province by name.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/address_field.py" line="60"/>
        <source>Xã/phường</source>
        <translation>Commune/ward</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/address_field.py" line="61"/>
        <source>Quận/huyện</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/address_field.py" line="62"/>
        <source>Tỉnh/thành phố</source>
        <translation>Province/city</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/address_field.py" line="100"/>
        <source>Gõ tên xã/phường để tìm (có dấu hoặc không)</source>
        <translation>Type the commune/ward name to search (with or without accents)</translation>
    </message>
</context>
<context>
    <name>AttachmentController</name>
    <message>
        <location filename="../../helper_app/ui/dossiers/attach.py" line="121"/>
        <source>Ảnh đã thu nhỏ từ %1 xuống %2 điểm ảnh</source>
        <translation>Photo scaled down from %1 to %2 pixels</translation>
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
        <location filename="../../helper_app/ui/dossiers/window.py" line="147"/>
        <source>Chưa hoàn tất được. Còn những điểm sau (bấm để đến ô cần sửa):</source>
        <translation>Cannot finalize yet. Still to fix (click to go to the field):</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="161"/>
        <source>Hoàn tất</source>
        <translation>Finalize</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="163"/>
        <source>Kiểm tra hồ sơ và đưa vào hàng đợi gửi đi</source>
        <translation>Check the dossier and queue it for sending</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="189"/>
        <source>Cán bộ yêu cầu bổ sung hồ sơ.</source>
        <translation>The official asked for more information.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="191"/>
        <source>Lời nhắn: «%1»</source>
        <translation>Message: “%1”</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="196"/>
        <source>Hồ sơ đã hoàn tất và đang chờ gửi khi có mạng. Nếu sửa, hồ sơ sẽ quay lại trạng thái nháp và cần bấm «Hoàn tất» lại.</source>
        <translation>The dossier is finalized and waits to be sent when online. Editing it returns it to draft; press “Finalize” again afterwards.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="204"/>
        <source>Hồ sơ ở trạng thái «%1» nên chỉ xem được, không sửa được trên máy này. Chỉ sửa được hồ sơ nháp, chờ gửi hoặc được yêu cầu bổ sung.</source>
        <translation>The dossier is “%1”, so it can be viewed but not edited on this laptop. Only draft, queued and supplement-requested dossiers can be edited.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="215"/>
        <source>Có thay đổi chưa lưu…</source>
        <translation>Unsaved changes…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="252"/>
        <source>Đang lưu…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="265"/>
        <source>Đã lưu lúc %1</source>
        <translation>Saved at %1</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="279"/>
        <source>Chưa lưu được</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="308"/>
        <source>Đã hoàn tất, chờ gửi</source>
        <translation>Finalized, waiting to be sent</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/window.py" line="343"/>
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
        <location filename="../../helper_app/ui/residents/import_report.py" line="30"/>
        <source>Kết quả nhập tệp %1</source>
        <translation>Import of %1</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/import_report.py" line="34"/>
        <source>Đã thêm %1 cư dân, cập nhật %2, bỏ qua %3 dòng có lỗi.</source>
        <translation>Added %1 residents, updated %2, skipped %3 rows with errors.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/import_report.py" line="45"/>
        <source>Các cột không dùng đến: %1</source>
        <translation>Columns not used: %1</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/import_report.py" line="54"/>
        <source>Dòng</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/import_report.py" line="54"/>
        <source>Cột</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/import_report.py" line="54"/>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/import_report.py" line="67"/>
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
    <name>MainWindow</name>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="70"/>
        <source>Helper — Trợ giúp hồ sơ dịch vụ công</source>
        <translation>Helper — public-service dossier assistant</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="78"/>
        <source>Hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="79"/>
        <source>Cư dân</source>
        <translation>Residents</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="80"/>
        <location filename="../../helper_app/ui/main_window.py" line="114"/>
        <source>Hàng đợi &amp; đồng bộ</source>
        <translation>Outbox &amp; sync</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="81"/>
        <location filename="../../helper_app/ui/main_window.py" line="122"/>
        <source>Xung đột</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="82"/>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="116"/>
        <source>Các hồ sơ đã hoàn tất nằm trong hàng đợi và sẽ được gửi lên máy chủ khi có mạng. Màn hình theo dõi hàng đợi, đăng nhập và đồng bộ sẽ có trong phiên bản tới.</source>
        <translation>Finalized dossiers wait in the outbox and are sent to the server when a connection is available. The outbox screen, sign-in and sync arrive in the next version.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/main_window.py" line="124"/>
        <source>Khi cùng một trường được sửa ở máy này và trên máy chủ, hai giá trị sẽ hiện ở đây để bạn chọn. Màn hình này sẽ có cùng với chức năng đồng bộ.</source>
        <translation>When the same field was changed on this laptop and on the server, both values will be shown here for you to choose. This screen arrives with sync.</translation>
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
        <location filename="../../helper_app/ui/residents/page.py" line="65"/>
        <source>Tìm theo tên (có dấu hoặc không), số định danh, số điện thoại</source>
        <translation>Search by name (with or without accents), ID number, phone</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="69"/>
        <source>+ Thêm cư dân</source>
        <translation>+ Add resident</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="71"/>
        <source>Sửa</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="73"/>
        <source>Nhập từ tệp CSV…</source>
        <translation>Import CSV…</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="85"/>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="86"/>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="87"/>
        <source>Giới tính</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="88"/>
        <source>Số định danh</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="89"/>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/residents/page.py" line="141"/>
        <source>%n cư dân</source>
        <translation>
            <numerusform>%n resident</numerusform>
            <numerusform>%n residents</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="182"/>
        <source>Chọn tệp CSV cư dân</source>
        <translation>Choose a residents CSV file</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/residents/page.py" line="182"/>
        <source>Tệp CSV (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
</context>
<context>
    <name>SelectField</name>
    <message>
        <location filename="../../helper_app/ui/form/choice_fields.py" line="24"/>
        <source>— chọn —</source>
        <translation>— choose —</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/form/choice_fields.py" line="32"/>
        <source>— chọn hoặc gõ —</source>
        <translation>— choose or type —</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="49"/>
        <source>Ngôn ngữ giao diện</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="54"/>
        <source> điểm ảnh</source>
        <translation> px</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="57"/>
        <source>Thu nhỏ ảnh chụp còn cạnh dài tối đa</source>
        <translation>Scale photos down to a longest side of</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="61"/>
        <source>Thư mục dữ liệu</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="63"/>
        <source>Ngôn ngữ mới được áp dụng khi mở lại ứng dụng.</source>
        <translation>A new language applies the next time the app starts.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="66"/>
        <source>Lưu cài đặt</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/settings_page.py" line="82"/>
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
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="34"/>
        <source>(chưa có tin nhắn)</source>
        <translation>(no message yet)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="23"/>
        <source>Lịch sử</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="43"/>
        <source>Tạo hồ sơ</source>
        <translation>Dossier created</translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="44"/>
        <source>Sửa %n trường</source>
        <translation>
            <numerusform>Edited %n field</numerusform>
            <numerusform>Edited %n fields</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="45"/>
        <source>Hoàn tất, chờ gửi</source>
        <translation>Finalized, queued</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="46"/>
        <source>Rút hồ sơ</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="47"/>
        <source>Đính kèm tệp (%1)</source>
        <translation>File attached (%1)</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/dossiers/side_panel.py" line="48"/>
        <source>Gỡ tệp (%1)</source>
        <translation>File removed (%1)</translation>
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
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="40"/>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="43"/>
        <source>Đăng nhập và đồng bộ sẽ có trong phiên bản tới.</source>
        <translation>Sign-in and sync arrive in the next version.</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="55"/>
        <source>vừa xong</source>
        <translation>just now</translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/status_bar.py" line="57"/>
        <source>%n phút trước</source>
        <translation>
            <numerusform>%n minute ago</numerusform>
            <numerusform>%n minutes ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/status_bar.py" line="59"/>
        <source>%n giờ trước</source>
        <translation>
            <numerusform>%n hour ago</numerusform>
            <numerusform>%n hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/status_bar.py" line="60"/>
        <source>%n ngày trước</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="65"/>
        <source>● Chưa rõ kết nối</source>
        <translation>● Connection unknown</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="68"/>
        <source>● Trực tuyến</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="71"/>
        <source>● Ngoại tuyến</source>
        <translation>● Offline</translation>
    </message>
    <message numerus="yes">
        <location filename="../../helper_app/ui/status_bar.py" line="73"/>
        <source>%n mục đang chờ gửi</source>
        <translation>
            <numerusform>%n item waiting to send</numerusform>
            <numerusform>%n items waiting to send</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="75"/>
        <source>Đồng bộ lần cuối: chưa đồng bộ</source>
        <translation>Last sync: never</translation>
    </message>
    <message>
        <location filename="../../helper_app/ui/status_bar.py" line="78"/>
        <source>Đồng bộ lần cuối: %1</source>
        <translation>Last sync: %1</translation>
    </message>
</context>
</TS>
