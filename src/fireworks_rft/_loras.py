"""Hot-loading a trained LoRA onto a deployment, for both clients: load, read, wait, unload.

"Load LoRA" creates a deployed model (``replace_merged_addon=True`` swaps the adapter the
deployment serves); it is ``DEPLOYING``, then ``DEPLOYED``. Unloading takes what
``load_lora`` returned, or the model and the deployment (the deployed model is found by
listing). Loading is not idempotent: never retried after an ambiguous failure.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from . import _calls, _loop_calls
from ._async_base import AsyncBase
from ._constants import DEFAULT_LORA_WAIT_TIMEOUT, DEFAULT_POLL_INTERVAL
from ._names import DEPLOYED_MODELS, MODELS, ResourceRef, resolve
from ._sync_base import SyncBase

if TYPE_CHECKING:
    from fireworks_gateway.models import GatewayDeployedModel

    from ._types import Deleted


def _unload_target(
    target: object, deployment: object, account_id: str | None
) -> tuple[ResourceRef | None, tuple[ResourceRef, ResourceRef] | None]:
    """What to unload: a deployed model, or ``(model, deployment)`` to look up."""
    name = _loop_calls.name_of(target)
    if deployment is None:
        return _loop_calls.deployed_ref(name, account_id), None
    model = resolve(name, collection=MODELS, account_id=account_id, name="model")
    return None, (model, _loop_calls.deployment_ref(deployment, model.account_id))


def _lookup(account: str) -> Any:
    parent = ResourceRef(DEPLOYED_MODELS, account, "-")
    return lambda token: _loop_calls.list_call(
        _loop_calls.LIST_DEPLOYED_MODELS, (account,), parent, token, None
    )


class LoraMethods(SyncBase):
    """Deployed models (hot-loaded LoRAs), synchronously."""

    def load_lora(
        self,
        model: str,
        *,
        deployment: str,
        replace_merged_addon: bool = False,
        display_name: str | None = None,
    ) -> GatewayDeployedModel:
        """Load a trained LoRA (a step's output model) onto a deployment ("Load LoRA").

        Args:
            model: A bare model ID or ``accounts/{a}/models/{m}`` (e.g. ``done.model``).
            deployment: A bare deployment ID or ``accounts/{a}/deployments/{d}``.
            replace_merged_addon: Swap out the adapter the deployment serves now.
            display_name: A name for people.

        Returns:
            The deployed model (``DEPLOYING`` at first): wait for it with
            :meth:`wait_for_deployed_model`.
        """
        call = _loop_calls.load_lora_call(
            model,
            self.account_id,
            deployment=deployment,
            replace_merged_addon=replace_merged_addon,
            display_name=display_name,
        )
        loaded: GatewayDeployedModel = _calls.parsed(call, self._send(call))
        self._lora_loading(loaded)
        return loaded

    def get_deployed_model(self, deployed_model: Any) -> GatewayDeployedModel:
        """Read a deployed model: what ``load_lora`` returned, a bare ID or a full name."""
        ref = _loop_calls.deployed_ref(deployed_model, self.account_id)
        call = _calls.ref_call(_loop_calls.GET_DEPLOYED_MODEL, ref)
        found: GatewayDeployedModel = _calls.parsed(call, self._send(call))
        return found

    def wait_for_deployed_model(
        self,
        deployed_model: Any,
        *,
        timeout: float = DEFAULT_LORA_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> GatewayDeployedModel:
        """Wait until a loaded LoRA serves (``DEPLOYED``).

        Raises:
            WaitFailedError: It is being undeployed, or is gone.
            WaitTimeoutError: ``timeout`` passed.
        """
        ref = _loop_calls.deployed_ref(deployed_model, self.account_id)
        from ._resource_wait import LORA_SERVES

        wait = self._resource_wait(ref.name, LORA_SERVES, timeout, poll_interval)
        call = _calls.ref_call(_loop_calls.GET_DEPLOYED_MODEL, ref)
        found: GatewayDeployedModel = self._wait_for(wait, call)
        return found

    def unload_lora(self, model: Any, *, deployment: str | None = None) -> Deleted:
        """Unload a LoRA: what ``load_lora`` returned (or its name), or model and deployment.

        Returns:
            ``Deleted``; ``already_gone`` when there was nothing to unload.
        """
        ref, pair = _unload_target(model, deployment, self.account_id)
        if ref is None and pair is not None:
            found: Iterator[Any] = self._pages(_lookup(pair[0].account_id), "deployed_models")
            match = next((d for d in found if _loop_calls.matches_lora(d, *pair)), None)
            if match is None:
                from ._types import Deleted

                return Deleted(name=f"{pair[0].name} on {pair[1].name}", already_gone=True)
            ref = _loop_calls.deployed_ref(match, None)
        assert ref is not None
        call = _calls.ref_call(_loop_calls.UNLOAD_LORA, ref)
        return _calls.deleted(call, self._send(call))


class AsyncLoraMethods(AsyncBase):
    """Deployed models, with asyncio; each method as in :class:`LoraMethods`."""

    async def load_lora(
        self,
        model: str,
        *,
        deployment: str,
        replace_merged_addon: bool = False,
        display_name: str | None = None,
    ) -> GatewayDeployedModel:
        """Load a trained LoRA onto a deployment; see :meth:`Client.load_lora`."""
        call = _loop_calls.load_lora_call(
            model,
            self.account_id,
            deployment=deployment,
            replace_merged_addon=replace_merged_addon,
            display_name=display_name,
        )
        loaded: GatewayDeployedModel = _calls.parsed(call, await self._send(call))
        self._lora_loading(loaded)
        return loaded

    async def get_deployed_model(self, deployed_model: Any) -> GatewayDeployedModel:
        """Read a deployed model; see :meth:`Client.get_deployed_model`."""
        ref = _loop_calls.deployed_ref(deployed_model, self.account_id)
        call = _calls.ref_call(_loop_calls.GET_DEPLOYED_MODEL, ref)
        found: GatewayDeployedModel = _calls.parsed(call, await self._send(call))
        return found

    async def wait_for_deployed_model(
        self,
        deployed_model: Any,
        *,
        timeout: float = DEFAULT_LORA_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> GatewayDeployedModel:
        """Wait until a loaded LoRA serves; see :meth:`Client.wait_for_deployed_model`."""
        ref = _loop_calls.deployed_ref(deployed_model, self.account_id)
        from ._resource_wait import LORA_SERVES

        wait = self._resource_wait(ref.name, LORA_SERVES, timeout, poll_interval)
        call = _calls.ref_call(_loop_calls.GET_DEPLOYED_MODEL, ref)
        found: GatewayDeployedModel = await self._wait_for(wait, call)
        return found

    async def unload_lora(self, model: Any, *, deployment: str | None = None) -> Deleted:
        """Unload a LoRA; see :meth:`Client.unload_lora`."""
        ref, pair = _unload_target(model, deployment, self.account_id)
        if ref is None and pair is not None:
            found: AsyncIterator[Any] = self._pages(_lookup(pair[0].account_id), "deployed_models")
            match = None
            async for deployed in found:
                if _loop_calls.matches_lora(deployed, *pair):
                    match = deployed
                    break
            if match is None:
                from ._types import Deleted

                return Deleted(name=f"{pair[0].name} on {pair[1].name}", already_gone=True)
            ref = _loop_calls.deployed_ref(match, None)
        assert ref is not None
        call = _calls.ref_call(_loop_calls.UNLOAD_LORA, ref)
        return _calls.deleted(call, await self._send(call))
