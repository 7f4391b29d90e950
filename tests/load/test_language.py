"""The language guess: scripts and Latin-script function words."""

from __future__ import annotations

from load_inputs import OTHER_BODY

from analysis.load import guess_language


def test_language_is_metadata_else_guess():
    assert guess_language(OTHER_BODY) == "en"
    russian = "Министр иностранных дел России заявил, что Москва и Анкара продолжат диалог. " * 3
    assert guess_language(russian) == "ru"
    portuguese = "A vida requer da gente otimismo e coragem para esperar o melhor e fazer. " * 4
    assert guess_language(portuguese) == "pt"
    turkish = "Bakan, Rusya ile Suriye konusunda bir açıklama yaptı ve ayrıntı vermedi. " * 5
    assert guess_language(turkish) == "tr"
    korean = "러시아와 터키는 시리아 문제에 대해 계속 협의하기로 합의했다고 밝혔다. " * 3
    assert guess_language(korean) == "ko"
