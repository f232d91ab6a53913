"""Notify's HTTP API: the delivery log, for the secretariat."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from services.notify.service_layer import services
from shared.auth.guard import requires
from shared.web import runtime

blp = Blueprint("notify", __name__, url_prefix="/notify/api", description="Email delivery log")


class DeliverySchema(Schema):
    template = fields.String()
    recipient = fields.String()
    subject = fields.String()
    message_id = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    created_at = fields.DateTime()
    sent_at = fields.DateTime(allow_none=True)


@blp.route("/deliveries")
class Deliveries(MethodView):
    @requires("secretariat", "admin")
    @blp.response(200, DeliverySchema(many=True))
    def get(self) -> object:
        return services.delivery_log(runtime().uow())
