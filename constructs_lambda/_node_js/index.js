"use strict";
// Node-side steps of constructs_lambda (see docs/performance.md, "Node-side steps").
//
// The jsii kernel extracts this package next to the assemblies it has loaded (<installDir>/node_modules)
// and runs node with --preserve-symlinks, so `require("aws-cdk-lib")` below is the very module instance
// the Python side's constructs come from. constructs_lambda/_node.py loads this package only after
// aws-cdk-lib; the check below fails loudly if a future kernel resolves another copy.
const cdkPath = require.resolve("aws-cdk-lib");
if (require.cache[cdkPath] === undefined) {
  throw new Error(
    `constructs-lambda-node: require("aws-cdk-lib") resolves to ${cdkPath}, not the copy the jsii ` +
      "kernel loaded; this jsii runtime does not share node_modules between assemblies",
  );
}
const cdk = require("aws-cdk-lib");

// The AWS-managed policies the L2 attaches to the role it creates (the Python side grants the same
// rights scoped to the function, constructs_lambda/_function_role.py); user-attached ones stay.
const L2_MANAGED_POLICY_SUFFIXES = [
  ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
  ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
  ":iam::aws:policy/service-role/AWSLambdaBasicDurableExecutionRolePolicy",
];

function isL2ManagedPolicy(arn) {
  // A resolved ARN is a string or an intrinsic ({"Fn::Join": [...]}); the suffix is one literal in both.
  const text = JSON.stringify(arn);
  return L2_MANAGED_POLICY_SUFFIXES.some((suffix) => text.includes(suffix));
}

class NodeSteps {
  // For the role the L2 created for a function: replace its CfnRole's managed policy ARNs by a cached
  // Lazy that resolves them at synthesis minus the L2's own AWS-managed policies (resolving late keeps
  // policies a user attaches afterwards, fn.role.addManagedPolicy); make `cfnFunction` wait for the
  // role's DefaultPolicy only (orderAfterRolePolicy); return that policy (undefined: none). Under
  // iam.Role.customizeRoles() the role has no CfnRole to filter.
  static scopeL2Role(role, cfnFunction) {
    const cfnRole = role.node.defaultChild;
    if (cfnRole instanceof cdk.aws_iam.CfnRole) {
      const stack = cdk.Stack.of(cfnRole);
      const original = cfnRole.managedPolicyArns;
      cfnRole.managedPolicyArns = cdk.Lazy.list(
        {
          produce: () =>
            (stack.resolve(original) || [])
              .filter((arn) => !isL2ManagedPolicy(arn))
              .map((arn) => (typeof arn === "string" ? arn : cdk.Token.asString(arn))),
        },
        { omitEmpty: true },
      );
    }
    return NodeSteps.orderAfterRolePolicy(role, cfnFunction);
  }

  // Make `cfnFunction` wait for `role`'s DefaultPolicy only: its GetAtt of the role already orders the
  // role (cfn-lint W3005). Returns that policy (undefined: none). For any role of this app, given or not.
  static orderAfterRolePolicy(role, cfnFunction) {
    const policy = role.node.tryFindChild("DefaultPolicy");
    cfnFunction.node.removeDependency(role);
    if (policy !== undefined) {
      cfnFunction.node.addDependency(policy);
    }
    return policy;
  }

  // For the loader's tests: the aws-cdk-lib module this package uses is the kernel's.
  // (instanceof compares class identity: a second copy of aws-cdk-lib would answer false).
  static sharesAwsCdkLib(stack) {
    return stack instanceof cdk.Stack;
  }
}

exports.NodeSteps = NodeSteps;
