"""User-facing terms shared across screens (용어 통일).  Domain messages live with their rules;
the words people see on every screen live here so they read the same everywhere."""

from __future__ import annotations

APP_TITLE = "ydp-tui"
DIVISION = "영등포구 일자리정책과"

OPERATOR = "담당자"
DATABASE = "DB"
MACHINE = "기기"
READ_ONLY = "읽기 전용"
OPENING = "데이터베이스 여는 중"
NOT_READY = "데이터베이스를 여는 중입니다. 잠시 뒤에 다시 시도하세요."

SAVE = "저장"
CLEAR = "지우기"
BACK = "뒤로"
SEARCH = "찾기"
OPEN = "열기"
EDIT = "수정"
CANCEL = "취소"
CONFIRM = "확인"
MORE = "더 보기"
HOME = "처음 화면"
QUIT = "끝내기"
HELP = "도움말"
IMPORT = "가져오기"
EXPORT = "내보내기"

REQUIRED_MARK = "*"
FIX_FIELDS = "입력을 확인하세요: {n}개 항목에 문제가 있습니다"
SAVED = "저장했습니다"
NOTHING_CHANGED = "바뀐 내용이 없습니다"
UNEXPECTED = "예상하지 못한 오류가 났습니다"
