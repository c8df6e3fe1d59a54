"""Small procedure definitions and data written for the forms-engine tests (not resources/)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

TODAY = dt.date(2026, 1, 15)

GENDER = [
    {"value": "Nam", "label_vi": "Nam", "label_en": "Male"},
    {"value": "Nữ", "label_vi": "Nữ", "label_en": "Female"},
]

BIRTH: dict[str, Any] = {
    "code": "test_birth",
    "version": 1,
    "effective_from": "2025-07-01",
    "title_vi": "Đăng ký khai sinh (thử)",
    "title_en": "Birth registration (test)",
    "sections": [
        {
            "id": "requester",
            "title_vi": "Người yêu cầu",
            "title_en": "Requester",
            "fields": [
                {
                    "id": "requester_name",
                    "type": "text",
                    "label_vi": "Họ tên",
                    "label_en": "Full name",
                    "required": True,
                    "person_name": True,
                    "max_len": 100,
                },
                {
                    "id": "requester_dob",
                    "type": "date",
                    "label_vi": "Ngày sinh",
                    "label_en": "Date of birth",
                    "not_future": True,
                },
                {
                    "id": "requester_gender",
                    "type": "select",
                    "label_vi": "Giới tính",
                    "label_en": "Gender",
                    "options": GENDER,
                },
                {
                    "id": "requester_pid",
                    "type": "personal_id",
                    "label_vi": "Số định danh",
                    "label_en": "Personal ID",
                    "required": True,
                    "birth_date_field": "requester_dob",
                    "gender_field": "requester_gender",
                },
                {"id": "phone", "type": "phone", "label_vi": "Điện thoại", "label_en": "Phone"},
                {"id": "email", "type": "email", "label_vi": "Thư điện tử", "label_en": "E-mail"},
                {
                    "id": "residence",
                    "type": "address",
                    "label_vi": "Nơi cư trú",
                    "label_en": "Residence",
                },
            ],
        },
        {
            "id": "child",
            "title_vi": "Người được khai sinh",
            "title_en": "Child",
            "fields": [
                {
                    "id": "child_name",
                    "type": "text",
                    "label_vi": "Họ tên",
                    "label_en": "Full name",
                    "required": True,
                    "case": "upper",
                },
                {
                    "id": "child_dob",
                    "type": "date",
                    "label_vi": "Ngày sinh",
                    "label_en": "Date of birth",
                    "required": True,
                    "not_future": True,
                },
                {
                    "id": "birth_time",
                    "type": "time",
                    "label_vi": "Giờ sinh",
                    "label_en": "Time of birth",
                },
                {
                    "id": "paternity_declared",
                    "type": "yesno",
                    "label_vi": "Có khai cha",
                    "label_en": "Father declared",
                },
                {
                    "id": "copies",
                    "type": "integer",
                    "label_vi": "Số bản sao",
                    "label_en": "Copies",
                    "min": 0,
                    "max": 10,
                },
                {
                    "id": "siblings",
                    "type": "repeat",
                    "label_vi": "Anh chị em",
                    "label_en": "Siblings",
                    "max_items": 3,
                    "fields": [
                        {
                            "id": "name",
                            "type": "text",
                            "label_vi": "Tên",
                            "label_en": "Name",
                            "required": True,
                            "person_name": True,
                        },
                        {
                            "id": "dob",
                            "type": "date",
                            "label_vi": "Ngày sinh",
                            "label_en": "Date of birth",
                            "not_future": True,
                            "not_before": "requester_dob",
                        },
                        {"id": "twin", "type": "yesno", "label_vi": "Sinh đôi", "label_en": "Twin"},
                        {
                            "id": "twin_note",
                            "type": "text",
                            "label_vi": "Ghi chú",
                            "label_en": "Note",
                            "relevant_if": "twin == true",
                            "required": True,
                        },
                    ],
                },
            ],
        },
        {
            "id": "father",
            "title_vi": "Cha",
            "title_en": "Father",
            "relevant_if": "paternity_declared == true",
            "fields": [
                {
                    "id": "father_name",
                    "type": "text",
                    "label_vi": "Họ tên cha",
                    "label_en": "Father's name",
                    "required": True,
                    "person_name": True,
                },
                {
                    "id": "father_birth_year",
                    "type": "date",
                    "label_vi": "Năm sinh",
                    "label_en": "Year of birth",
                    "allow_partial": True,
                    "required_if": "father_name != null",
                    "source_status": "K",
                },
            ],
        },
        {
            "id": "commit",
            "title_vi": "Cam đoan",
            "title_en": "Commitment",
            "fields": [
                {
                    "id": "consent",
                    "type": "yesno",
                    "label_vi": "Tôi cam đoan",
                    "label_en": "I confirm",
                    "required": True,
                    "must_be_true": True,
                },
                {
                    "id": "channels",
                    "type": "multiselect",
                    "label_vi": "Nhận kết quả",
                    "label_en": "Result by",
                    "options": [
                        {"value": "sms", "label_vi": "Tin nhắn", "label_en": "SMS"},
                        {"value": "post", "label_vi": "Bưu điện", "label_en": "Post"},
                    ],
                },
                {"id": "resident", "type": "person", "label_vi": "Cư dân", "label_en": "Resident"},
            ],
        },
    ],
    "documents": [
        {
            "id": "birth_certificate",
            "label_vi": "Giấy chứng sinh",
            "label_en": "Birth certificate",
            "required": True,
        },
        {
            "id": "power_of_attorney",
            "label_vi": "Văn bản ủy quyền",
            "label_en": "Power of attorney",
            "required_if": "requester_name != child_name",
            "source_status": "K",
        },
    ],
    "rules": [
        {
            "id": "child_after_requester",
            "when": "requester_dob != null",
            "check": "child_dob > requester_dob",
            "paths": ["child_dob"],
            "message_vi": "Trẻ phải sinh sau người yêu cầu.",
            "message_en": "The child must be born after the requester.",
        },
        {
            "id": "late_registration",
            "check": "days_since(child_dob) <= 60",
            "paths": ["child_dob"],
            "severity": "error",
            "source_status": "K",
            "message_vi": "Quá hạn 60 ngày.",
            "message_en": "More than 60 days late.",
        },
    ],
    "examples": [
        {
            "name": "complete",
            "data": {
                "requester_name": "Nguyễn Văn An",
                "requester_dob": "1990-03-04",
                "requester_gender": "Nam",
                "requester_pid": "027090001234",
                "child_name": "NGUYỄN THỊ BÌNH",
                "child_dob": "2026-01-10",
                "paternity_declared": False,
                "consent": True,
            },
            "documents": ["birth_certificate", "power_of_attorney"],
        },
    ],
}

VALID_DATA: dict[str, object] = dict(BIRTH["examples"][0]["data"])

UNITS: dict[str, Any] = {
    "effective_from": "2025-07-01",
    "source": "test",
    "provinces": [
        {"code": "24", "name_vi": "Tỉnh Bắc Ninh", "name_en": "Bac Ninh Province"},
        {"code": "01", "name_vi": "Thành phố Hà Nội", "name_en": "Ha Noi"},
    ],
    "communes": [
        {"code": "07627", "name_vi": "Xã Đại Sơn", "kind": "xa", "province_code": "24"},
        {"code": "09187", "name_vi": "Phường Kinh Bắc", "kind": "phuong", "province_code": "24"},
    ],
}


def birth_raw() -> dict[str, Any]:
    """A deep copy of the raw test definition, for tests that break it."""
    return copy.deepcopy(BIRTH)


def write_definition(directory: Path, raw: dict[str, Any], name: str | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (name or f"{raw['code']}.v{raw['version']}.json")
    path.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
