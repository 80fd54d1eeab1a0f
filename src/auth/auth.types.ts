import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { IsEmail, IsEnum, Length } from "class-validator";

export enum UserRole {
  ADMIN = "ADMIN",
  EDITOR = "EDITOR",
  REVIEWER = "REVIEWER",
}
registerEnumType(UserRole, {
  name: "UserRole",
  description: "EDITOR writes content, REVIEWER signs it off, ADMIN does both and manages users.",
});

@ObjectType()
export class User {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field()
  displayName: string;

  @Field(() => UserRole)
  role: UserRole;

  @Field(() => Date)
  createdAt: Date;

  @Field({ description: "Disabled by an admin: cannot sign in, and its tokens no longer work." })
  disabled: boolean;
}

@ObjectType()
export class AuthPayload {
  @Field({ description: "Send as `Authorization: Bearer <token>`." })
  token: string;

  @Field(() => Date)
  expiresAt: Date;

  @Field(() => User)
  user: User;
}

@InputType()
export class NewUserInput {
  @Field()
  @IsEmail()
  email: string;

  @Field()
  @Length(1, 200)
  displayName: string;

  @Field(() => UserRole)
  @IsEnum(UserRole)
  role: UserRole;

  @Field({ description: "At least 10 characters." })
  @Length(10, 200)
  password: string;
}
