"""The DingTalk custom-robot format: signing against a hand-computed vector, message bodies,
and what counts as accepted."""

from __future__ import annotations

from zhengxian.core import dingtalk

# printf '1700000000000\nSEC0123456789abcdef' \
#   | openssl dgst -sha256 -hmac 'SEC0123456789abcdef' -binary | base64
VECTOR = "TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk="


def test_the_sign_is_the_url_encoded_base64_hmac_of_timestamp_newline_secret():
    assert dingtalk.sign("SEC0123456789abcdef", 1700000000000) == (
        "TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D"
    )
    assert VECTOR.replace("/", "%2F").replace("=", "%3D") == dingtalk.sign(
        "SEC0123456789abcdef", 1700000000000
    )


def test_timestamp_and_sign_are_appended_to_the_robots_query_only_with_a_secret():
    url = "https://oapi.dingtalk.com/robot/send?access_token=abc"
    assert dingtalk.signed_url(url, "", 1700000000000) == url
    assert dingtalk.signed_url(url, "SEC0123456789abcdef", 1700000000000) == (
        url + "&timestamp=1700000000000&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D"
    )
    assert dingtalk.signed_url("http://h/x", "s", 1).startswith("http://h/x?timestamp=1&sign=")


def test_text_and_markdown_messages_carry_the_keyword_the_text_and_the_link():
    text = dingtalk.message(msgtype="text", title="逾期", text="路灯坏了", link="https://z/m/1/")
    assert text == {
        "msgtype": "text",
        "text": {"content": "【争先】逾期\n路灯坏了\nhttps://z/m/1/"},
    }
    markdown = dingtalk.message(msgtype="markdown", title="逾期", text="路灯坏了")
    assert markdown["msgtype"] == "markdown"
    assert markdown["markdown"]["title"] == "【争先】逾期"
    assert "路灯坏了" in markdown["markdown"]["text"]


def test_an_answer_counts_as_accepted_only_with_2xx_and_errcode_0():
    assert dingtalk.accepted(200, b'{"errcode":0,"errmsg":"ok"}') == (True, "")
    assert dingtalk.accepted(200, b"") == (True, "")
    ok, error = dingtalk.accepted(200, b'{"errcode":310000,"errmsg":"sign not match"}')
    assert not ok and "310000" in error and "sign not match" in error
    assert dingtalk.accepted(500, b"") == (False, "HTTP 500")
