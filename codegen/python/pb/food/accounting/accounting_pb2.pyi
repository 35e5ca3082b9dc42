from food.common import common_pb2 as _common_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CardBrand(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CARD_BRAND_UNSPECIFIED: _ClassVar[CardBrand]
    CARD_BRAND_OTHER: _ClassVar[CardBrand]
    CARD_BRAND_VISA: _ClassVar[CardBrand]
    CARD_BRAND_MASTERCARD: _ClassVar[CardBrand]
    CARD_BRAND_AMEX: _ClassVar[CardBrand]
CARD_BRAND_UNSPECIFIED: CardBrand
CARD_BRAND_OTHER: CardBrand
CARD_BRAND_VISA: CardBrand
CARD_BRAND_MASTERCARD: CardBrand
CARD_BRAND_AMEX: CardBrand

class CardPayment(_message.Message):
    __slots__ = ("card_token", "brand", "last4", "expires_on")
    CARD_TOKEN_FIELD_NUMBER: _ClassVar[int]
    BRAND_FIELD_NUMBER: _ClassVar[int]
    LAST4_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_ON_FIELD_NUMBER: _ClassVar[int]
    card_token: str
    brand: CardBrand
    last4: str
    expires_on: str
    def __init__(self, card_token: _Optional[str] = ..., brand: _Optional[_Union[CardBrand, str]] = ..., last4: _Optional[str] = ..., expires_on: _Optional[str] = ...) -> None: ...

class VoucherPayment(_message.Message):
    __slots__ = ("voucher_code", "value")
    VOUCHER_CODE_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    voucher_code: str
    value: _common_pb2.Money
    def __init__(self, voucher_code: _Optional[str] = ..., value: _Optional[_Union[_common_pb2.Money, _Mapping]] = ...) -> None: ...

class PaymentMethod(_message.Message):
    __slots__ = ("card", "voucher")
    CARD_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    card: CardPayment
    voucher: VoucherPayment
    def __init__(self, card: _Optional[_Union[CardPayment, _Mapping]] = ..., voucher: _Optional[_Union[VoucherPayment, _Mapping]] = ...) -> None: ...

class Account(_message.Message):
    __slots__ = ("id", "consumer_id", "balance", "credit_limit", "enabled", "opened_on")
    ID_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    CREDIT_LIMIT_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    OPENED_ON_FIELD_NUMBER: _ClassVar[int]
    id: str
    consumer_id: str
    balance: _common_pb2.Money
    credit_limit: _common_pb2.Money
    enabled: bool
    opened_on: str
    def __init__(self, id: _Optional[str] = ..., consumer_id: _Optional[str] = ..., balance: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., credit_limit: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., enabled: _Optional[bool] = ..., opened_on: _Optional[str] = ...) -> None: ...

class GetAccountRequest(_message.Message):
    __slots__ = ("consumer_id",)
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    def __init__(self, consumer_id: _Optional[str] = ...) -> None: ...

class CardAuthorization(_message.Message):
    __slots__ = ("order_id", "consumer_id", "amount", "payment_method")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_METHOD_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    consumer_id: str
    amount: _common_pb2.Money
    payment_method: PaymentMethod
    def __init__(self, order_id: _Optional[str] = ..., consumer_id: _Optional[str] = ..., amount: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., payment_method: _Optional[_Union[PaymentMethod, _Mapping]] = ...) -> None: ...

class AuthorizationResult(_message.Message):
    __slots__ = ("order_id", "authorized", "authorization_code", "decline_reason")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHORIZED_FIELD_NUMBER: _ClassVar[int]
    AUTHORIZATION_CODE_FIELD_NUMBER: _ClassVar[int]
    DECLINE_REASON_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    authorized: bool
    authorization_code: str
    decline_reason: str
    def __init__(self, order_id: _Optional[str] = ..., authorized: _Optional[bool] = ..., authorization_code: _Optional[str] = ..., decline_reason: _Optional[str] = ...) -> None: ...
